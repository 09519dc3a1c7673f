import { describe, expect, it } from 'vitest';
import {
  createWebSocketApi,
  type WebSocketApiOptions,
} from '../../src/index.js';
import { resolveWebSocketApiOptions } from '../../src/websocket/websocket-api-options.js';

const base: WebSocketApiOptions = {
  routes: { $default: { integration: 'mock' } },
  invoker: { invoke: async () => ({ ok: true, result: null }) },
  credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
};

describe('resolveWebSocketApiOptions', () => {
  it('applies the defaults and reads the selection path', () => {
    const resolved = resolveWebSocketApiOptions(base);

    expect(resolved).toMatchObject({
      stage: 'local',
      authorization: 'NONE',
      region: 'us-east-1',
      quotas: { frameBytes: 32_768, messageBytes: 131_072 },
      selectionPath: ['action'],
    });
  });

  it('reads the braced form of the selection expression', () => {
    const resolved = resolveWebSocketApiOptions({
      ...base,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: API Gateway's syntax
      routeSelectionExpression: '${request.body.meta.kind}',
    });

    expect(resolved.selectionPath).toEqual(['meta', 'kind']);
  });

  it.each([
    ['a header selection', { routeSelectionExpression: '$request.header.x' }],
    ['a stage with a slash', { stage: 'a/b' }],
    [
      'a lambda route without a function',
      {
        routes: { $default: { integration: 'lambda', functionName: '' } },
      },
    ],
    ['an unknown integration', { routes: { x: { integration: 'http' } } }],
    ['a quota of zero', { quotas: { frameBytes: 0 } }],
    ['an unknown quota', { quotas: { frames: 1 } }],
    ['another authorization', { authorization: 'CUSTOM' }],
    ['a logger without debug', { logger: { warn: () => {} } }],
  ])('refuses %s with INVALID_OPTIONS', (_name, change) => {
    const options = { ...base, ...change } as WebSocketApiOptions;

    expect(() => resolveWebSocketApiOptions(options)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
  });

  it('refuses before listening', async () => {
    const start = createWebSocketApi({ ...base, stage: '' });

    await expect(start).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });
});
