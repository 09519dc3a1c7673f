import { afterEach, describe, expect, it } from 'vitest';
import { type RunnerOptions, resolveOptions } from '../src/options.js';

const manifest = { version: 1, app: 'a', stage: 's', functions: [] } as const;
const base = (): RunnerOptions => ({
  url: 'wss://abc.execute-api.eu-west-2.amazonaws.com/dev',
  manifest: { ...manifest, functions: [] },
  credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
});

describe('resolveOptions', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('fills every default', () => {
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;

    const options = resolveOptions(base());

    expect(options).toMatchObject({
      heartbeatMs: 1000,
      pingIntervalMs: 300_000,
      replaceAfterMs: 6_600_000,
      inspect: false,
      freshEnvironmentPerInvocation: false,
      region: 'eu-west-2',
    });
    expect(options.runnerId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('takes the region from the argument, then AWS_REGION', () => {
    process.env.AWS_REGION = 'ap-south-1';

    expect(resolveOptions(base()).region).toBe('ap-south-1');
    expect(resolveOptions({ ...base(), region: 'us-west-2' }).region).toBe(
      'us-west-2',
    );
  });

  it.each([
    ['a missing url', { url: undefined }],
    ['an http url', { url: 'https://example.com' }],
    ['a url that is not one', { url: 'not a url' }],
    ['a negative heartbeat', { heartbeatMs: -1 }],
    ['credentials without a secret', { credentials: { accessKeyId: 'A' } }],
    [
      'a fresh-environment flag that is not one',
      {
        freshEnvironmentPerInvocation: 'yes',
      },
    ],
  ])('refuses %s with INVALID_OPTIONS', (_name, change) => {
    const options = { ...base(), ...change } as RunnerOptions;

    expect(() => resolveOptions(options)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
  });

  it('refuses a bad manifest with INVALID_MANIFEST', () => {
    const options = { ...base(), manifest: { version: 9 } } as never;

    expect(() => resolveOptions(options)).toThrow(
      expect.objectContaining({ code: 'INVALID_MANIFEST' }),
    );
  });
});
