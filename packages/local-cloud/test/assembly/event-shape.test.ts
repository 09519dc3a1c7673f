import { describe, expect, it } from 'vitest';
import { expectEventLike } from './helpers/event-shape.js';

// The comparison the event tests rely on must be able to fail.
describe('expectEventLike', () => {
  const sample = {
    version: '2.0',
    headers: { a: 'b' },
    requestContext: { http: { method: 'GET' }, timeEpoch: 1 },
  };

  it('accepts an event with the sample fields and types', () => {
    const event = {
      version: '2.0',
      headers: { other: 'x' },
      requestContext: { http: { method: 'POST' }, timeEpoch: 5 },
    };

    expect(() => expectEventLike(event, [sample])).not.toThrow();
  });

  it.each([
    ['a missing field', { version: '2.0', headers: {} }],
    ['a field of another type', { ...sample, version: 2 }],
    ['a field no sample has', { ...sample, invented: true }],
    [
      'a nested field no sample has',
      { ...sample, requestContext: { ...sample.requestContext, extra: 1 } },
    ],
  ])('refuses %s', (_what, event) => {
    expect(() => expectEventLike(event, [sample])).toThrow();
  });
});
