import { describe, expect, it } from 'vitest';
import {
  cacheKey,
  createAuthorizerCache,
} from '../../src/authorizers/authorizer-cache.js';

describe('createAuthorizerCache', () => {
  it('keeps an answer for its TTL and no longer', () => {
    let now = 1_000;
    const cache = createAuthorizerCache(() => now);
    const key = cacheKey('auth1', ['token']);

    cache.set(key, { principalId: 'p' }, 300);
    const during = cache.get(key);
    now += 300_000;
    const after = cache.get(key);

    expect(during).toEqual({ principalId: 'p' });
    expect(after).toBeUndefined();
  });

  it('keeps nothing with a TTL of 0', () => {
    const cache = createAuthorizerCache();

    cache.set(cacheKey('auth1', ['t']), { ok: 1 }, 0);

    expect(cache.get(cacheKey('auth1', ['t']))).toBeUndefined();
  });

  it('keys by authorizer and every identity value', () => {
    expect(cacheKey('a', ['x', 'y'])).not.toBe(cacheKey('a', ['x,y']));
    expect(cacheKey('a', ['x'])).not.toBe(cacheKey('b', ['x']));
  });
});
