import { describe, expect, it } from 'vitest';
import { withinTimeout } from '../../src/http-api/integration-timeout.js';
import { startBusyFunction } from '../helpers/one-environment.js';

describe('withinTimeout', () => {
  it('answers a fast invocation with its outcome', async () => {
    const outcome = await withinTimeout(
      async () => ({ ok: true, result: 42 }),
      1000,
    );

    expect(outcome).toEqual({ ok: true, result: 42 });
  });

  it('never runs an invocation still waiting when the timeout answers', async () => {
    const busy = await startBusyFunction();

    const outcome = await withinTimeout(
      (signal) => busy.service.invoke(busy.name, busy.event('b'), { signal }),
      50,
    );
    await busy.release();
    const next = await busy.service.invoke(busy.name, busy.event('c'));

    await busy.stop();
    expect(outcome).toBe('timeout');
    expect(next.ok).toBe(true);
    expect(busy.ran).toEqual(['ran a', 'ran c']);
  });
});
