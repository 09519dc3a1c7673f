import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeHandlers } from './handlers.js';
import { poolFactory } from './pool-helpers.js';

interface Echo {
  context?: Record<string, unknown>;
  remaining?: number;
}

let handlers: ReturnType<typeof writeHandlers>;
const pools = poolFactory(() => handlers.dir);

beforeAll(() => {
  handlers = writeHandlers();
});
afterEach(() => pools.stopAll());
afterAll(() => handlers.remove());

describe('handler styles', () => {
  it('returns what an async handler resolves with', async () => {
    const pool = pools.make('echo');

    const outcome = await pool.invoke({ hello: 'world' });

    expect(outcome.ok).toBe(true);
    expect(outcome.ok && outcome.result).toMatchObject({
      event: { hello: 'world' },
    });
  });

  it('returns what a callback handler passes to the callback', async () => {
    const pool = pools.make('callback');

    const outcome = await pool.invoke({ n: 1 });

    expect(outcome.ok && outcome.result).toEqual({
      via: 'callback',
      event: { n: 1 },
    });
  });

  it('waits for the event loop to empty after the callback', async () => {
    const pool = pools.make('waitsForTimer');

    const answered = await pool.invoke({});
    const timerFired = await pool.invoke({ check: true });

    expect(answered.ok && answered.result).toBe('answered');
    expect(timerFired.ok && timerFired.result).toBe(true);
  });

  it('answers at once when callbackWaitsForEmptyEventLoop is false', async () => {
    const pool = pools.make('noWait', { timeout: 5 });

    const outcome = await pool.invoke({});

    expect(outcome.status).toBe('ok');
    expect(outcome.ok && outcome.result).toBe('early');
  });

  it.each([
    [
      'context.succeed',
      'legacySucceed',
      { ok: true, payload: '{"legacy":true}' },
    ],
    ['context.done', 'legacyDone', { ok: true, payload: '"done"' }],
  ])('answers through %s', async (_name, exportName, expected) => {
    const pool = pools.make(exportName);

    const outcome = await pool.invoke({});

    expect(outcome).toMatchObject(expected);
  });

  it('fails through context.fail', async () => {
    const pool = pools.make('legacyFail');

    const outcome = await pool.invoke({});

    expect(!outcome.ok && outcome.error.errorMessage).toBe('legacy failure');
  });

  it('returns null when the handler answers nothing', async () => {
    const pool = pools.make('returnsNothing');

    const outcome = await pool.invoke({});

    expect(outcome.ok && outcome.payload).toBe('null');
  });

  it('runs a nested export', async () => {
    const pool = pools.make('nested.deeper.handler');

    const outcome = await pool.invoke({});

    expect(outcome.ok && outcome.result).toBe('nested');
  });

  it('runs a CommonJS handler file', async () => {
    const pool = pools.make('handler', { file: 'handlers.cjs' });

    const outcome = await pool.invoke({ a: 1 });

    expect(outcome.ok && outcome.result).toEqual({
      module: 'cjs',
      calls: 1,
      event: { a: 1 },
    });
  });
});

describe('context', () => {
  it('gives the handler a Lambda context', async () => {
    const pool = pools.make('echo', { memorySize: 256, timeout: 7 });
    const clientContext = { custom: { tenant: 'a' } };

    const outcome = await pool.invoke(
      {},
      {
        awsRequestId: 'req-1',
        invokedFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:f',
        clientContext,
      },
    );

    const result = outcome.ok ? (outcome.result as Echo) : {};
    expect(result.context).toMatchObject({
      awsRequestId: 'req-1',
      functionName: 'test-function',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:f',
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/test-function',
      callbackWaitsForEmptyEventLoop: true,
      clientContext,
    });
    expect(result.remaining).toBeGreaterThan(3000);
    expect(result.remaining).toBeLessThanOrEqual(7000);
  });

  it('counts the remaining time against the given deadline', async () => {
    const pool = pools.make('echo', { timeout: 60 });

    const outcome = await pool.invoke({}, { deadline: Date.now() + 20_000 });

    const result = outcome.ok ? (outcome.result as Echo) : {};
    expect(result.remaining).toBeLessThanOrEqual(20_000);
    expect(result.remaining).toBeGreaterThan(10_000);
  });
});

describe('environment', () => {
  it('gives the handler only the function variables', async () => {
    process.env.TETHER_PARENT_ONLY = 'secret';
    const pool = pools.make('env', { environment: { TABLE: 'orders' } });

    const outcome = await pool.invoke({});

    delete process.env.TETHER_PARENT_ONLY;
    expect(outcome.ok && outcome.result).toEqual({ TABLE: 'orders' });
  });

  it('keeps module state between invocations of one environment', async () => {
    const pool = pools.make('counter');

    const first = await pool.invoke({});
    const second = await pool.invoke({});

    expect(first.ok && first.result).toMatchObject({ count: 1 });
    expect(second.ok && second.result).toMatchObject({ count: 2 });
    expect(first.coldStart).toBe(true);
    expect(second.coldStart).toBe(false);
    expect(second.environment.pid).toBe(first.environment.pid);
  });

  it('sets the heap limit from the memory size', async () => {
    const pool = pools.make('heap', { memorySize: 512 });

    const outcome = await pool.invoke({});

    const megabytes = outcome.ok ? (outcome.result as number) : 0;
    expect(megabytes).toBeGreaterThan(480);
    expect(megabytes).toBeLessThan(560);
  });

  it('runs the new code after a reload', async () => {
    const pool = pools.make('counter');
    const before = await pool.invoke({});

    pool.reload();
    const after = await pool.invoke({});

    expect(after.ok && after.result).toMatchObject({ count: 1 });
    expect(after.environment.pid).not.toBe(before.environment.pid);
  });

  it('asks a code function for the code at each start', async () => {
    let exportName = 'counter';
    const pool = pools.make('unused', {
      code: () => ({ file: `${handlers.dir}/handlers.mjs`, exportName }),
    });
    await pool.invoke({});

    exportName = 'returnsNothing';
    pool.reload();
    const outcome = await pool.invoke({});

    expect(outcome.ok && outcome.payload).toBe('null');
  });
});
