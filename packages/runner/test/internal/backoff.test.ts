import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/internal/backoff.js';

const options = { initialMs: 100, maxMs: 1000 };

describe('backoffDelay', () => {
  it('retries the first attempt at once', () => {
    expect(backoffDelay(0, options, () => 0.9)).toBe(0);
  });

  it('doubles the ceiling with each attempt, jittered in its upper half', () => {
    const low = [1, 2, 3].map((n) => backoffDelay(n, options, () => 0));
    const high = [1, 2, 3].map((n) => backoffDelay(n, options, () => 1));

    expect(low).toEqual([100, 200, 400]);
    expect(high).toEqual([200, 400, 800]);
  });

  it('never waits longer than the maximum', () => {
    expect(backoffDelay(30, options, () => 1)).toBe(1000);
  });
});
