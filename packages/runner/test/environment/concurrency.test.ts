import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBarrier } from './barrier.js';
import { writeHandlers } from './handlers.js';
import { isRunning, poolFactory } from './pool-helpers.js';

let handlers: ReturnType<typeof writeHandlers>;
const pools = poolFactory(() => handlers.dir);

beforeAll(() => {
  handlers = writeHandlers();
});
afterEach(() => pools.stopAll());
afterAll(() => handlers.remove());

function pidsOf(outcomes: { ok: boolean; result?: unknown }[]): Set<number> {
  return new Set(
    outcomes.map((outcome) => (outcome.result as { pid: number }).pid),
  );
}

describe('concurrency', () => {
  it('runs 50 simultaneous invocations in 50 environments', async () => {
    const pool = pools.make('meets', { timeout: 60 });
    const barrier = await startBarrier(50);

    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => pool.invoke({ barrier: barrier.url })),
    );
    await barrier.close();

    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(pidsOf(outcomes).size).toBe(50);
    expect(pool.environments()).toHaveLength(50);
    expect(pool.environments().every((env) => env.state === 'idle')).toBe(true);
  }, 60_000);

  it('reuses the environments that have finished', async () => {
    const pool = pools.make('sleeps', { timeout: 10 });
    const first = await Promise.all(
      Array.from({ length: 3 }, () => pool.invoke({ ms: 10 })),
    );

    const second = await Promise.all(
      Array.from({ length: 5 }, () => pool.invoke({ ms: 300 })),
    );

    const reused = [...pidsOf(second)].filter((pid) => pidsOf(first).has(pid));
    expect(reused).toHaveLength(3);
    expect(pidsOf(second).size).toBe(5);
    expect(second.filter((outcome) => outcome.coldStart)).toHaveLength(2);
  });

  it('queues invocations beyond maxEnvironments', async () => {
    const pool = pools.make('sleeps', { timeout: 10, maxEnvironments: 2 });

    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => pool.invoke({ ms: 50 })),
    );

    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(pidsOf(outcomes).size).toBe(2);
  });

  it('lets a busy environment finish its invocation across a reload', async () => {
    const pool = pools.make('sleeps', { timeout: 10 });
    const running = pool.invoke({ ms: 400 });
    await new Promise((resolve) => setTimeout(resolve, 150));

    pool.reload();
    const outcome = await running;
    const next = await pool.invoke({ ms: 1 });

    expect(outcome.ok).toBe(true);
    expect(next.coldStart).toBe(true);
  });

  it('starts environments ahead of invocations with warm()', async () => {
    const pool = pools.make('sleeps', { timeout: 10 });

    await pool.warm(2);
    const outcomes = await Promise.all([
      pool.invoke({ ms: 50 }),
      pool.invoke({ ms: 50 }),
    ]);

    expect(outcomes.map((outcome) => outcome.coldStart)).toEqual([
      false,
      false,
    ]);
    expect(pool.environments()).toHaveLength(2);
  });

  it('warms the new code after a reload', async () => {
    const pool = pools.make('counter');
    await pool.invoke({});
    await pool.invoke({});

    pool.reload();
    await pool.warm();
    const outcome = await pool.invoke({});

    expect(outcome.coldStart).toBe(false);
    expect(outcome.ok && outcome.result).toMatchObject({ count: 1 });
  });

  it('ends the environments that stay idle too long', async () => {
    const pool = pools.make('sleeps', { idleTimeout: 100 });
    const first = await pool.invoke({ ms: 1 });

    await new Promise((resolve) => setTimeout(resolve, 400));
    const second = await pool.invoke({ ms: 1 });

    expect(second.coldStart).toBe(true);
    expect(second.environment.pid).not.toBe(first.environment.pid);
  });

  it('ends every environment on stop', async () => {
    const pool = pools.make('sleeps', { timeout: 10 });
    await Promise.all([pool.invoke({ ms: 1 }), pool.invoke({ ms: 1 })]);
    const pids = pool.environments().map((env) => env.pid);

    await pool.stop();

    expect(pool.environments()).toEqual([]);
    for (const pid of pids) expect(isRunning(pid)).toBe(false);
  });

  it('rejects an invocation under way when stopped', async () => {
    const pool = pools.make('sleeps', { timeout: 10 });
    const running = pool.invoke({ ms: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 200));

    await pool.stop();

    await expect(running).rejects.toMatchObject({ code: 'STOPPED' });
  });
});
