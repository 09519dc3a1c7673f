import { afterEach, describe, expect, it } from 'vitest';
import { type RunnerOptions, resolveOptions } from '../src/options.js';

const manifest = { version: 1, app: 'a', stage: 's', functions: [] } as const;
const base = (): RunnerOptions => ({
  url: 'wss://abc.execute-api.eu-west-2.amazonaws.com/dev',
  manifest: { ...manifest, functions: [] },
  credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
});

const functionNamed = (id: string) => ({
  id,
  runtime: 'nodejs22.x',
  handler: 'index.handler',
  memorySize: 128,
  timeout: 3,
  source: { kind: 'entry' as const, entry: '/src/orders.ts', handler: 'h' },
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

  it('keeps environment variables for every function and for one', () => {
    const options = {
      ...base(),
      manifest: { ...manifest, functions: [functionNamed('Api/Orders')] },
      environment: { '*': { A: '1' }, 'Api/Orders': { DB: 'local' } },
    };

    const resolved = resolveOptions(options);

    expect(resolved.environment).toEqual(options.environment);
    expect(Object.isFrozen(resolved.environment['Api/Orders'])).toBe(true);
    expect(resolveOptions(base()).environment).toEqual({});
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
    ['an environment that is not an object', { environment: 'DB=x' }],
    [
      'environment for a function not in the manifest',
      {
        environment: { 'Api/Missing': { DB: 'x' } },
      },
    ],
    [
      'environment with a value that is not a string',
      {
        environment: { '*': { PORT: 5432 } },
      },
    ],
    [
      'environment with a name holding =',
      {
        environment: { '*': { 'A=B': 'x' } },
      },
    ],
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
