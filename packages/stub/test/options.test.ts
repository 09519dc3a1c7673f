import { describe, expect, it } from 'vitest';
import { DEFAULTS, StubError } from '../src/index.js';
import { resolveStubOptions } from '../src/options.js';

const ENV = {
  TETHER_RELAY_URL: 'wss://abc.execute-api.us-east-1.amazonaws.com/dev',
  TETHER_APP: 'app',
  TETHER_STAGE: 'dev',
  TETHER_FUNCTION_ID: 'Api/Hello',
  TETHER_BUCKET: 'payloads',
  AWS_ACCESS_KEY_ID: 'AKID',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_SESSION_TOKEN: 'token',
  AWS_REGION: 'eu-west-1',
};

describe('resolveStubOptions', () => {
  it('reads the contract environment and fills the defaults', () => {
    const options = resolveStubOptions({}, ENV);

    expect(options).toMatchObject({
      relayUrl: ENV.TETHER_RELAY_URL,
      app: 'app',
      stage: 'dev',
      functionId: 'Api/Hello',
      bucket: 'payloads',
      region: 'eu-west-1',
      ackTimeoutMs: DEFAULTS.ackTimeoutMs,
      heartbeatTimeoutMs: DEFAULTS.heartbeatTimeoutMs,
      forwardCredentials: true,
      credentials: { accessKeyId: 'AKID', sessionToken: 'token' },
    });
  });

  it('prefers an argument to the environment, and the environment to a default', () => {
    const env = { ...ENV, TETHER_ACK_TIMEOUT_MS: '750', TETHER_STAGE: 'env' };

    const options = resolveStubOptions({ stage: 'arg' }, env);

    expect(options.stage).toBe('arg');
    expect(options.ackTimeoutMs).toBe(750);
  });

  it('leaves credentials out when TETHER_FORWARD_CREDENTIALS is false', () => {
    const env = { ...ENV, TETHER_FORWARD_CREDENTIALS: 'false' };

    expect(resolveStubOptions({}, env).forwardCredentials).toBe(false);
  });

  it('reads TETHER_CONNECTION, reusing the connection by default', () => {
    const env = { ...ENV, TETHER_CONNECTION: 'per-invocation' };

    const options = resolveStubOptions({}, env);

    expect(options.connection).toBe('per-invocation');
    expect(resolveStubOptions({}, ENV).connection).toBe('reuse');
  });

  it('refuses an unknown TETHER_CONNECTION with INVALID_OPTIONS', () => {
    const env = { ...ENV, TETHER_CONNECTION: 'sometimes' };

    expect(() => resolveStubOptions({}, env)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
  });

  it('ignores a timeout that is not a number', () => {
    const env = { ...ENV, TETHER_ACK_TIMEOUT_MS: 'soon' };

    expect(resolveStubOptions({}, env).ackTimeoutMs).toBe(
      DEFAULTS.ackTimeoutMs,
    );
  });

  it.each([
    'TETHER_RELAY_URL',
    'TETHER_APP',
    'TETHER_STAGE',
    'TETHER_FUNCTION_ID',
    'AWS_ACCESS_KEY_ID',
  ])('throws INVALID_OPTIONS naming %s when it is missing', (name) => {
    const env: Record<string, string | undefined> = {
      ...ENV,
      [name]: undefined,
    };

    const resolving = () => resolveStubOptions({}, env);

    expect(resolving).toThrow(StubError);
    expect(resolving).toThrow(name);
    try {
      resolving();
    } catch (error) {
      expect((error as StubError).code).toBe('INVALID_OPTIONS');
      expect((error as StubError).name).toBe('Tether.Misconfigured');
    }
  });
});
