import { describe, expect, it } from 'vitest';
import { createRelayHandler, DEFAULTS, RelayError } from '../src/index.js';
import { resolveRelayOptions } from '../src/options.js';

describe('relay options', () => {
  it('reads the table and the cache time from the environment', () => {
    const env = { TETHER_TABLE: 'tether', TETHER_CACHE_TTL_MS: '250' };

    const options = resolveRelayOptions({}, env);

    expect(options.tableName).toBe('tether');
    expect(options.cacheTtlMs).toBe(250);
    expect(options.itemTtlSeconds).toBe(DEFAULTS.itemTtlSeconds);
  });

  it('prefers an argument to the environment', () => {
    const env = { TETHER_TABLE: 'env', TETHER_CACHE_TTL_MS: '250' };

    const options = resolveRelayOptions(
      { tableName: 'arg', cacheTtlMs: 0 },
      env,
    );

    expect(options).toMatchObject({ tableName: 'arg', cacheTtlMs: 0 });
  });

  it('throws INVALID_OPTIONS when no table is named', () => {
    const making = () => createRelayHandler({}, {});

    expect(making).toThrow(RelayError);
    expect(making).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
  });
});
