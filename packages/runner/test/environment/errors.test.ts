import { createServer } from 'node:net';
import { RunnerError } from '@tether/runner';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeHandlers } from './handlers.js';
import { isRunning, outputSink, poolFactory } from './pool-helpers.js';

let handlers: ReturnType<typeof writeHandlers>;
const pools = poolFactory(() => handlers.dir);

beforeAll(() => {
  handlers = writeHandlers();
});
afterEach(() => pools.stopAll());
afterAll(() => handlers.remove());

// Polls until the process is gone; kills it if it outlives the wait, so
// a failing test leaves nothing behind.
async function endsWithin(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isRunning(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.kill(pid, 'SIGKILL');
  return false;
}

describe('handler errors', () => {
  it('reports a thrown custom error in Lambda shape', async () => {
    const pool = pools.make('custom');

    const outcome = await pool.invoke({});

    expect(outcome.status).toBe('error');
    expect(!outcome.ok && outcome.error).toMatchObject({
      errorType: 'InsufficientFunds',
      errorMessage: 'balance too low',
    });
    expect(!outcome.ok && outcome.error.trace?.[0]).toBe(
      'InsufficientFunds: balance too low',
    );
  });

  it('reports a rejection in Lambda shape', async () => {
    const pool = pools.make('rejects');

    const outcome = await pool.invoke({});

    expect(!outcome.ok && outcome.error.errorType).toBe('RangeError');
    expect(!outcome.ok && outcome.error.errorMessage).toBe('out of range');
  });

  it('reports a rejected string with its type', async () => {
    const pool = pools.make('rejectsString');

    const outcome = await pool.invoke({});

    expect(!outcome.ok && outcome.error).toEqual({
      errorType: 'string',
      errorMessage: 'plain text',
      trace: [],
    });
  });

  it('reports an error passed to the callback', async () => {
    const pool = pools.make('callbackError');

    const outcome = await pool.invoke({});

    expect(!outcome.ok && outcome.error.errorType).toBe('TypeError');
  });

  it('keeps the environment after a handler error', async () => {
    const pool = pools.make('custom');
    const first = await pool.invoke({});

    const second = await pool.invoke({});

    expect(second.environment.pid).toBe(first.environment.pid);
  });

  it('reports a result that cannot be serialized', async () => {
    const pool = pools.make('circular');

    const outcome = await pool.invoke({});

    expect(!outcome.ok && outcome.error.errorMessage).toBe(
      'Unable to stringify response body',
    );
  });
});

describe('environments that end', () => {
  it('reports process.exit as Runtime.ExitError and replaces the environment', async () => {
    const pool = pools.make('exits');

    const first = await pool.invoke({}, { awsRequestId: 'exit-1' });
    const second = await pool.invoke({});

    expect(!first.ok && first.error).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage:
        'RequestId: exit-1 Error: Runtime exited with error: exit status 3',
    });
    expect(second.coldStart).toBe(true);
    expect(second.environment.pid).not.toBe(first.environment.pid);
  });

  it('reports an exit without a code as exited without a reason', async () => {
    const pool = pools.make('exitsZero');

    const outcome = await pool.invoke({}, { awsRequestId: 'exit-0' });

    expect(!outcome.ok && outcome.error.errorMessage).toBe(
      'RequestId: exit-0 Error: Runtime exited without providing a reason',
    );
  });

  it('reports a crash by signal', async () => {
    const pool = pools.make('crashes');

    const outcome = await pool.invoke({}, { awsRequestId: 'crash' });

    expect(!outcome.ok && outcome.error.errorMessage).toBe(
      'RequestId: crash Error: Runtime exited with error: signal: segmentation fault',
    );
  });

  it('reports an uncaught exception and replaces the environment', async () => {
    const pool = pools.make('uncaught');

    const first = await pool.invoke({});
    const second = await pool.invoke({});

    expect(!first.ok && first.error.errorMessage).toBe('late boom');
    expect(second.environment.pid).not.toBe(first.environment.pid);
  });

  it('reports an unhandled rejection as Runtime.UnhandledPromiseRejection', async () => {
    const pool = pools.make('unhandled');

    const outcome = await pool.invoke({});

    expect(!outcome.ok && outcome.error.errorType).toBe(
      'Runtime.UnhandledPromiseRejection',
    );
    expect(!outcome.ok && outcome.error.errorMessage).toBe(
      'Error: nobody caught me',
    );
  });

  it('runs the next invocation elsewhere when an environment ends idle', async () => {
    const pool = pools.make('rejectsAfterAnswer');
    const first = await pool.invoke({});

    const next = await pool.invoke({});

    expect(first.ok && first.result).toBe('answered');
    expect(next.ok && next.result).toBe('answered');
    expect(next.environment.pid).not.toBe(first.environment.pid);
  });

  it('writes the error that ends an idle environment to its output', async () => {
    const sink = outputSink();
    const pool = pools.make('rejectsAfterAnswer', { onOutput: sink.onOutput });
    await pool.invoke({});

    // The next invocation may reach the ending environment first: the
    // output can be tagged with either request.
    await pool.invoke({});
    const text = sink.pieces.map((piece) => piece.text).join('');

    expect(text).toContain('ERROR\tUnhandled Promise Rejection');
    expect(text).toContain('after the answer');
  });

  it('ends a handler at its timeout with Lambda timeout error', async () => {
    const pool = pools.make('hangs', { timeout: 1 });

    const first = await pool.invoke({}, { awsRequestId: 'slow' });
    const second = await pool.invoke({});

    expect(first.status).toBe('timeout');
    expect(!first.ok && first.error).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: 'RequestId: slow Error: Task timed out after 1.00 seconds',
    });
    expect(second.environment.pid).not.toBe(first.environment.pid);
  });

  it('waits for a deadline beyond the 24.8 days a timer can hold', async () => {
    const pool = pools.make('sleeps');

    const outcome = await pool.invoke(
      { ms: 20 },
      { deadline: Date.now() + 2 ** 31 + 60_000 },
    );

    expect(outcome.status).toBe('ok');
  });

  it('does not end a handler past its deadline in inspect mode', async () => {
    const pool = pools.make('sleeps', { timeout: 1, inspect: true });

    const outcome = await pool.invoke(
      { ms: 300 },
      { deadline: Date.now() + 100 },
    );

    expect(outcome.status).toBe('ok');
    expect(outcome.environment.inspectorUrl).toMatch(/^ws:\/\/127\.0\.0\.1:/);
  });
});

describe('init errors', () => {
  it('reports a missing export as Runtime.HandlerNotFound', async () => {
    const pool = pools.make('nothingHere');

    const outcome = await pool.invoke({});

    expect(!outcome.ok && outcome.error.errorType).toBe(
      'Runtime.HandlerNotFound',
    );
    expect(!outcome.ok && outcome.error.errorMessage).toBe(
      'handlers.nothingHere is undefined or not exported',
    );
  });

  it('reports an export that is not a function', async () => {
    const pool = pools.make('notAFunction');

    const outcome = await pool.invoke({});

    expect(!outcome.ok && outcome.error.errorMessage).toBe(
      'handlers.notAFunction is not a function',
    );
  });

  it('reports a syntax error as Runtime.UserCodeSyntaxError', async () => {
    const pool = pools.make('handler', { file: 'syntax.mjs' });

    const outcome = await pool.invoke({});

    expect(!outcome.ok && outcome.error.errorType).toBe(
      'Runtime.UserCodeSyntaxError',
    );
  });

  it('reports a missing module as Runtime.ImportModuleError', async () => {
    const pool = pools.make('handler', { file: 'missing-import.mjs' });

    const outcome = await pool.invoke({});

    expect(!outcome.ok && outcome.error.errorType).toBe(
      'Runtime.ImportModuleError',
    );
  });

  it('reports a missing handler file as Runtime.ImportModuleError', async () => {
    const pool = pools.make('handler', { file: 'not-there.js' });

    const outcome = await pool.invoke({});

    expect(!outcome.ok && outcome.error.errorType).toBe(
      'Runtime.ImportModuleError',
    );
  });

  it('starts the first environment on the chosen inspector port', async () => {
    const port = await freePort();
    const pool = pools.make('sleeps', { inspect: { port } });

    const outcome = await pool.invoke({ ms: 1 });

    expect(outcome.environment.inspectorUrl).toMatch(
      new RegExp(`^ws://127\\.0\\.0\\.1:${port}/`),
    );
  });

  it('ends an init that outlasts the deadline with an init timeout error', async () => {
    const pool = pools.make('handler', { file: 'init-hangs.mjs', timeout: 1 });

    const outcome = await pool.invoke({}, { deadline: Date.now() + 500 });

    expect(outcome.status).toBe('timeout');
    expect(!outcome.ok && outcome.error.errorType).toBe('Sandbox.Timedout');
    expect(!outcome.ok && outcome.error.errorMessage).toMatch(
      /Error: Init timed out after \d+\.\d\d seconds.*Phase: init/,
    );
  });

  it('lets an init without a deadline outlast 10 s within the timeout, as Lambda retries it', async () => {
    const pool = pools.make('handler', { file: 'init-slow.mjs', timeout: 3 });

    const outcome = await pool.invoke({});

    expect(outcome.ok && outcome.result).toBe(1);
  }, 30_000);

  it('ends the processes a handler started when its environment is stopped', async () => {
    const pool = pools.make('handler', { file: 'spawns.mjs' });
    const outcome = await pool.invoke({});
    const pid = outcome.ok ? Number(outcome.result) : 0;
    const before = isRunning(pid);

    await pool.stop();

    expect(before).toBe(true);
    expect(await endsWithin(pid, 5000)).toBe(true);
  });

  it('ends the processes a handler started when its environment exits', async () => {
    const pool = pools.make('handler', { file: 'spawns.mjs' });
    const outcome = await pool.invoke({ exit: true });
    const pid = outcome.ok ? Number(outcome.result) : 0;

    const ended = await endsWithin(pid, 5000);

    expect(pid).toBeGreaterThan(0);
    expect(ended).toBe(true);
  });

  it('reports an exit while a grandchild holds the output pipes', async () => {
    const pool = pools.make('handler', { file: 'grandchild.mjs' });

    const outcome = await pool.invoke({}, { awsRequestId: 'orphan' });

    expect(!outcome.ok && outcome.error.errorMessage).toBe(
      'RequestId: orphan Error: Runtime exited with error: exit status 4',
    );
  });

  it('reports an environment that cannot start', async () => {
    const pool = pools.make('echo', { cwd: '/no/such/directory' });

    const outcome = await pool.invoke({});

    expect(!outcome.ok && outcome.error.errorType).toBe('Runtime.ExitError');
    expect(!outcome.ok && outcome.error.errorMessage).toMatch(
      /^Error: Runtime failed to start: /,
    );
  });

  it('reports an error thrown at init with its own type', async () => {
    const pool = pools.make('handler', { file: 'init-throws.mjs' });

    const outcome = await pool.invoke({});

    expect(!outcome.ok && outcome.error).toMatchObject({
      errorType: 'Error',
      errorMessage: 'init failed',
    });
  });
});

describe('misuse', () => {
  it('refuses an invocation after stop', async () => {
    const pool = pools.make('echo');
    await pool.stop();

    const invoking = pool.invoke({});

    await expect(invoking).rejects.toBeInstanceOf(RunnerError);
    await expect(invoking).rejects.toMatchObject({ code: 'STOPPED' });
  });

  it('refuses an event that cannot cross to a process', async () => {
    const pool = pools.make('echo');

    const outcome = await pool.invoke({ callback: () => 1 });
    const after = await pool.invoke({ fine: true });

    expect(!outcome.ok && outcome.error.errorType).toBe('Tether.InvalidEvent');
    expect(after.ok).toBe(true);
  });

  it.each([
    ['a timeout of 0', { timeout: 0 }],
    ['a timeout over 900 seconds', { timeout: 901 }],
    ['a memory size of -1', { memorySize: -1 }],
    ['an inspector port out of range', { inspect: { port: 70000 } }],
    ['no more than 0 environments', { maxEnvironments: 0 }],
    ['a code object without export', { code: { file: '/x.js' } }],
    ['a variable that is not a string', { environment: { A: 1 } }],
  ])('refuses %s with INVALID_OPTIONS', (_name, options) => {
    const making = () => pools.make('echo', options as never);

    expect(making).toThrowError(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
