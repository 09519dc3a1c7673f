import { describe, expect, it } from 'vitest';
import { SILENT_LOGGER } from '../../src/logger.js';
import type { ApiRuntime } from '../../src/websocket/api-runtime.js';
import { invokeIntegration } from '../../src/websocket/integration.js';
import { startBusyFunction } from '../helpers/one-environment.js';

describe('invokeIntegration', () => {
  it('never runs an invocation still waiting when the timeout answers', async () => {
    const busy = await startBusyFunction();
    // Only what invokeIntegration reads of a running API.
    const runtime = {
      options: {
        invoker: busy.service,
        logger: SILENT_LOGGER,
        quotas: { integrationTimeoutMs: 50 },
      },
    } as unknown as ApiRuntime;

    const outcome = await invokeIntegration(
      runtime,
      busy.name,
      busy.event('b'),
    );
    await busy.release();
    const next = await busy.service.invoke(busy.name, busy.event('c'));

    await busy.stop();
    expect(outcome).toEqual({ ok: false, timedOut: true });
    expect(next.ok).toBe(true);
    expect(busy.ran).toEqual(['ran a', 'ran c']);
  });
});
