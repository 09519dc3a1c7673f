import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTrigger } from '../../src/internal/trigger.js';

const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../..',
);
const fixtures = path.resolve(repoRoot, '../shared/fixtures/events');
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(fixtures, name), 'utf8'));

describe('readTrigger', () => {
  it.each([
    ['aws-sam-cli/ScheduledEvent.json', 'aws.events'],
    [
      'powertools-lambda-typescript/apigw-rest-jwt-authorizer-auth.json',
      'POST /cognito',
    ],
    [
      'powertools-lambda-typescript/apigw-websocket-connectEvent.json',
      '$connect',
    ],
    ['powertools-lambda-typescript/sqs-sns-body.json', 'aws:sqs'],
    [
      'powertools-lambda-typescript/kinesis-stream-cloudwatch-logs.json',
      'aws:kinesis',
    ],
  ])('names the trigger of %s', (name, expected) => {
    const event = fixture(name);

    const trigger = readTrigger(event);

    expect(trigger).toBe(expected);
  });

  it('names the method and path of a catch-all HTTP API route', () => {
    const event = {
      routeKey: '$default',
      requestContext: { http: { method: 'PUT', path: '/items/7' } },
    };

    expect(readTrigger(event)).toBe('PUT /items/7');
  });

  it('names the route key of an HTTP API route', () => {
    const event = fixture('aws-sam-cli/HttpApi.json') as object;

    expect(readTrigger({ ...event, routeKey: 'GET /items' })).toBe(
      'GET /items',
    );
  });

  it.each([[null], ['text'], [[1, 2]], [{ hello: 'world' }]])(
    'names a plain invoke for %j',
    (event) => {
      expect(readTrigger(event)).toBe('invoke');
    },
  );
});
