import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../src/internal/ttl-cache.js';

describe('TtlCache', () => {
  it('returns an entry while fresh and forgets it after its time', () => {
    let now = 0;
    const cache = new TtlCache<string>(100, () => now);
    cache.set('a', 'x');

    now = 99;
    const fresh = cache.get('a');
    now = 100;
    const stale = cache.get('a');

    expect(fresh).toBe('x');
    expect(stale).toBeUndefined();
  });

  it('keeps nothing when its time is zero', () => {
    const cache = new TtlCache<string>(0, () => 0);

    cache.set('a', 'x');

    expect(cache.get('a')).toBeUndefined();
  });
});
