import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Runner, type RunnerEvent, startRunner } from '../dist/index.js';
import { FakeRelay } from './helpers/fake-relay.js';
import { startObjectStore } from './helpers/object-store.js';
import { manifestOf, Project, TEST_CREDENTIALS } from './helpers/project.js';

const HANDLERS: Record<string, string> = {
  'async.ts': `
    type Greeting = { hello: string };
    export const handler = async (event: Greeting) => ({ echo: event.hello });
  `,
  'callback.ts': `
    export const handler = (event: { n: number }, _context: unknown,
      callback: (error: Error | null, value?: unknown) => void) => {
      setTimeout(() => callback(null, { doubled: event.n * 2 }), 5);
    };
  `,
  'custom-error.ts': `
    class OutOfStock extends Error {
      constructor(message: string) {
        super(message);
        this.name = 'OutOfStock';
      }
    }
    export const handler = async () => {
      throw new OutOfStock('no more widgets');
    };
  `,
  'reject.ts': `
    export const handler = () => Promise.reject(new TypeError('bad input'));
  `,
  'hang.ts': `
    export const handler = () =>
      new Promise(() => setInterval(() => {}, 1000));
  `,
  'exit.ts': `
    export const handler = async () => { process.exit(3); };
  `,
  'loud.ts': `
    export const handler = async () => {
      const line = 'x'.repeat(1024 * 1024);
      for (let i = 0; i < 3; i++) console.log(line);
      console.error('done shouting');
      return 'printed';
    };
  `,
  'env.ts': `
    export const handler = async () => ({
      greeting: process.env.GREETING,
      runnerOnly: process.env.TETHER_RUNNER_TEST_ONLY ?? null,
    });
  `,
  'remaining.ts': `
    type Context = { getRemainingTimeInMillis(): number };
    export const handler = async (_event: unknown, context: Context) =>
      context.getRemainingTimeInMillis();
  `,
  'state.ts': `
    let count = 0;
    export const handler = async () => ++count;
  `,
  'big.ts': `
    import { createHash, randomBytes } from 'node:crypto';
    export const handler = async () => {
      const data = randomBytes(100 * 1024).toString('base64');
      return { data, sha: createHash('sha256').update(data).digest('hex') };
    };
  `,
};

describe('startRunner', () => {
  let project: Project;
  let relay: FakeRelay;
  let runner: Runner;
  const events: RunnerEvent[] = [];

  beforeAll(async () => {
    project = await Project.create();
    for (const [name, text] of Object.entries(HANDLERS)) {
      await project.write(name, text);
    }
    relay = await FakeRelay.start();
    const functions = Object.keys(HANDLERS).map((name) =>
      project.entry(name.replace('.ts', ''), name),
    );
    const hang = functions.find((fn) => fn.id === 'hang');
    if (hang) hang.timeout = 1;
    process.env.TETHER_RUNNER_TEST_ONLY = 'secret';
    runner = await startRunner({
      url: relay.url,
      manifest: manifestOf(functions),
      credentials: TEST_CREDENTIALS,
      region: 'eu-west-1',
      onEvent: (event) => events.push(event),
    });
  });

  afterAll(async () => {
    delete process.env.TETHER_RUNNER_TEST_ONLY;
    await runner?.stop();
    await relay?.close();
    await project?.remove();
  });

  it('registers with a SigV4-signed URL for execute-api', () => {
    const register = relay.received.find((m) => m.action === 'register');
    const credential = relay.upgrades[0]?.get('X-Amz-Credential') ?? '';

    expect(register).toMatchObject({
      app: 'app',
      stage: 'dev',
      runner: runner.id,
      functions: expect.arrayContaining(['async', 'state']),
    });
    expect(relay.upgrades[0]?.get('kind')).toBe('runner');
    expect(credential).toMatch(/^AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\//);
    expect(runner.connectionId).toBeTypeOf('string');
  });

  it('returns the value of an async TypeScript handler', async () => {
    const answer = await relay.invoke('async', { hello: 'world' });

    expect(answer).toMatchObject({ action: 'result', stub: 'stub-1' });
    expect(answer.action === 'result' && answer.value).toEqual({
      echo: 'world',
    });
  });

  it.each([
    ['behind', -60_000],
    ['ahead of', 60_000],
  ])(
    'gives the handler the stub’s remaining time with the cloud’s clock a minute %s this one',
    async (_, skew) => {
      const sentAt = Date.now() + skew;
      const deadline = sentAt + 5000;
      const message = await relay.invokeMessage(
        'remaining',
        {},
        { context: { sentAt, deadline } },
      );
      const answered = relay.answerOf(message.id);

      relay.send({ ...message, deadline });
      const answer = await answered;

      expect(answer.action).toBe('result');
      const remaining = answer.action === 'result' ? Number(answer.value) : 0;
      expect(remaining).toBeGreaterThan(1000);
      expect(remaining).toBeLessThanOrEqual(5000);
    },
  );

  it('acknowledges an invocation before answering it', async () => {
    const message = await relay.invokeMessage('async', { hello: 'ack' });
    const acked = relay.next((m) => m.action === 'ack' && m.id === message.id);
    const answered = relay.answerOf(message.id);

    relay.send(message);

    const ack = await acked;
    expect(ack).toMatchObject({ action: 'ack', stub: 'stub-1' });
    await answered;
  });

  it('returns the value a callback handler passes', async () => {
    const answer = await relay.invoke('callback', { n: 21 });

    expect(answer.action === 'result' && answer.value).toEqual({
      doubled: 42,
    });
  });

  it('reports a custom error type with a trace into the TypeScript source', async () => {
    const answer = await relay.invoke('custom-error', {});

    expect(answer.action).toBe('error');
    if (answer.action !== 'error') return;
    expect(answer.error.errorType).toBe('OutOfStock');
    expect(answer.error.errorMessage).toBe('no more widgets');
    expect(answer.error.trace?.join('\n')).toMatch(/custom-error\.ts:\d+/);
  });

  it('reports a rejected promise as an error', async () => {
    const answer = await relay.invoke('reject', {});

    expect(answer).toMatchObject({
      action: 'error',
      error: { errorType: 'TypeError', errorMessage: 'bad input' },
    });
  });

  it('ends a handler that runs past its timeout with a timeout error', async () => {
    const answer = await relay.invoke('hang', {}, { timeoutMs: 1000 });

    expect(answer.action).toBe('error');
    const event = events.find(
      (e) => e.type === 'invocation' && e.function === 'hang',
    );
    expect(event).toMatchObject({ status: 'timeout' });
  });

  it('reports process.exit as an error and keeps serving', async () => {
    const exited = await relay.invoke('exit', {});
    const after = await relay.invoke('async', { hello: 'still here' });

    expect(exited.action).toBe('error');
    expect(after.action === 'result' && after.value).toEqual({
      echo: 'still here',
    });
  });

  it('reports megabytes of output as output events', async () => {
    const answer = await relay.invoke('loud', {});

    expect(answer.action === 'result' && answer.value).toBe('printed');
    const output = events.filter(
      (e) => e.type === 'output' && e.function === 'loud',
    );
    const bytes = output.reduce(
      (sum, e) => sum + (e.type === 'output' ? e.text.length : 0),
      0,
    );
    expect(bytes).toBeGreaterThanOrEqual(3 * 1024 * 1024);
    expect(
      output.some((e) => e.type === 'output' && e.stream === 'stderr'),
    ).toBe(true);
  });

  it('gives the handler the forwarded environment, not the runner’s', async () => {
    const answer = await relay.invoke(
      'env',
      {},
      { env: { GREETING: 'from the stub' } },
    );

    expect(answer.action === 'result' && answer.value).toEqual({
      greeting: 'from the stub',
      runnerOnly: null,
    });
  });

  it('keeps module state between warm invocations', async () => {
    const first = await relay.invoke('state', {});
    const second = await relay.invoke('state', {});

    expect(first.action === 'result' && first.value).toBe(1);
    expect(second.action === 'result' && second.value).toBe(2);
  });

  it('spills a result over the frame budget through the presigned URL', async () => {
    const message = await relay.invokeMessage('big', {});
    const store = await startObjectStore();
    message.result = store.target;
    const answered = relay.answerOf(message.id);

    relay.send(message);

    const answer = await answered;
    await store.close();
    const value = answer.action === 'result' ? answer.value : undefined;
    const { data, sha } = value as { data: string; sha: string };
    expect(createHash('sha256').update(data).digest('hex')).toBe(sha);
    expect(data.length).toBeGreaterThan(100 * 1024);
    expect(store.puts).toBe(1);
  });

  it('reports a result too big for a frame and no spill URL as an error', async () => {
    const answer = await relay.invoke('big', {});

    expect(answer).toMatchObject({
      action: 'error',
      error: { errorType: 'Tether.PayloadError' },
    });
    const event = events.findLast(
      (e) => e.type === 'invocation' && e.function === 'big',
    );
    expect(event).toMatchObject({ status: 'error' });
  });

  it('reports each invocation with its trigger and overhead', async () => {
    await relay.invoke('async', {
      hello: 'http',
      routeKey: 'GET /items',
    });

    const event = events.findLast((e) => e.type === 'invocation');
    expect(event).toMatchObject({
      type: 'invocation',
      function: 'async',
      trigger: 'GET /items',
      status: 'ok',
    });
    expect(
      event?.type === 'invocation' && event.overheadMs,
    ).toBeGreaterThanOrEqual(0);
  });
});
