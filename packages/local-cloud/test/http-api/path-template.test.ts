import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../src/http-api/match-route.js';
import { matchPathTemplate } from '../../src/http-api/path-template.js';
import type { HttpRoute } from '../../src/http-api/types.js';

describe('matchPathTemplate', () => {
  it.each([
    ['/items/{id}', '/items/42', { id: '42' }],
    ['/items/{id}', '/items/a%20b', { id: 'a b' }],
    ['/{proxy+}', '/a/b/c', { proxy: 'a/b/c' }],
    ['/files/{path+}', '/files/x', { path: 'x' }],
    ['/', '/', {}],
  ])('matches %s with %s', (template, path, params) => {
    expect(matchPathTemplate(template, path)).toEqual(params);
  });

  it.each([
    ['/items/{id}', '/items'],
    ['/items/{id}', '/items/1/2'],
    ['/{proxy+}', '/'],
    ['/items', '/other'],
  ])('does not match %s with %s', (template, path) => {
    expect(matchPathTemplate(template, path)).toBeUndefined();
  });
});

describe('matchRoute', () => {
  const route = (routeKey: string): HttpRoute => ({ routeKey });
  const routes = [
    route('ANY /{proxy+}'),
    route('GET /items/{id}'),
    route('ANY /items/{id}'),
    route('GET /items/special'),
    route('$default'),
  ];

  it.each([
    ['GET', '/items/special', 'GET /items/special'],
    ['GET', '/items/7', 'GET /items/{id}'],
    ['PUT', '/items/7', 'ANY /items/{id}'],
    ['GET', '/deep/er/path', 'ANY /{proxy+}'],
    ['GET', '/', '$default'],
  ])('sends %s %s to %s', (method, path, key) => {
    expect(matchRoute(routes, method, path)?.route.routeKey).toBe(key);
  });
});
