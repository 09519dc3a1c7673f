import { describe, expect, it } from 'vitest';
import {
  evaluateSelection,
  selectRoute,
} from '../../src/websocket/route-selection.js';

describe('evaluateSelection', () => {
  it('reads a nested path', () => {
    const key = evaluateSelection('{"a":{"b":"go"}}', ['a', 'b']);

    expect(key).toBe('go');
  });

  it('reads a number as its text', () => {
    expect(evaluateSelection('{"action":7}', ['action'])).toBe('7');
  });

  it('gives nothing for non-JSON, arrays, objects and missing paths', () => {
    const bodies = ['nope', '[1]', '{"action":{}}', '{}', 'null'];

    const keys = bodies.map((body) => evaluateSelection(body, ['action']));

    expect(keys).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('selectRoute', () => {
  const routes = { $connect: {}, $default: {}, send: {} };

  it('takes the selected route when there is one', () => {
    expect(selectRoute(routes, 'send')).toBe('send');
  });

  it('falls back to $default, also for reserved keys', () => {
    const chosen = ['other', '$connect', '$disconnect', undefined].map((key) =>
      selectRoute(routes, key),
    );

    expect(chosen).toEqual(['$default', '$default', '$default', '$default']);
  });

  it('takes no key of Object.prototype for a route', () => {
    const keys = ['toString', 'constructor', '__proto__', 'hasOwnProperty'];

    const chosen = keys.map((key) => selectRoute(routes, key));
    const withoutDefault = keys.map((key) => selectRoute({ send: {} }, key));

    expect(chosen).toEqual(keys.map(() => '$default'));
    expect(withoutDefault).toEqual(keys.map(() => undefined));
  });

  it('chooses nothing without $default', () => {
    expect(selectRoute({ send: {} }, 'other')).toBeUndefined();
  });
});
