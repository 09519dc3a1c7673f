import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type Runner,
  type RunnerEvent,
  type RunnerOptions,
  startRunner,
} from '../../dist/index.js';
import { FakeRelay } from '../helpers/fake-relay.js';
import { manifestOf, Project, TEST_CREDENTIALS } from '../helpers/project.js';

// Each run appends its event's tag to a file, so a test can count runs.
const COUNTED = `
  import { appendFileSync } from 'node:fs';
  import { setTimeout as sleep } from 'node:timers/promises';
  export const handler = async (event: { tag: string; waitMs: number }) => {
    appendFileSync(process.env.RUNS_FILE as string, event.tag + '\\n');
    await sleep(event.waitMs);
    return 'done ' + event.tag;
  };
`;

// Runs until the file named by the event exists.
const GATED = `
  import { existsSync } from 'node:fs';
  import { setTimeout as sleep } from 'node:timers/promises';
  export const handler = async (event: { tag: string; gate: string }) => {
    while (!existsSync(event.gate)) await sleep(10);
    return 'done ' + event.tag;
  };
`;

// The system's clocks, with a wall clock that can be put forward as a
// suspend does, and a count of the watch's reads.
function createClocks() {
  const clocks = {
    offsetMs: 0,
    reads: 0,
    wall: () => {
      clocks.reads++;
      return Date.now() + clocks.offsetMs;
    },
    monotonic: () => performance.now(),
  };
  return clocks;
}

const EVICTED = {
  action: 'evicted',
  v: 1,
  app: 'app',
  stage: 'dev',
  reason: 'another runner registered',
  by: 'other-runner',
} as const;

describe('the relay connection', () => {
  let project: Project;
  let relay: FakeRelay;
  let runner: Runner | undefined;
  let events: RunnerEvent[];
  let env: Record<string, string>;

  const start = async (options: Partial<RunnerOptions> = {}) => {
    events = [];
    runner = await startRunner({
      url: relay.url,
      manifest: manifestOf([
        project.entry('counted', 'counted.ts'),
        project.entry('gated', 'gated.ts'),
      ]),
      credentials: TEST_CREDENTIALS,
      reconnectInitialMs: 20,
      reconnectMaxMs: 100,
      heartbeatMs: 50,
      onEvent: (event) => events.push(event),
      ...options,
    });
    return runner;
  };
  const runsOf = async (tag: string) => {
    const text = await readFile(env.RUNS_FILE as string, 'utf8').catch(
      () => '',
    );
    return text.split('\n').filter((line) => line === tag).length;
  };
  const until = (check: () => boolean) =>
    new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (!check()) return;
        clearInterval(timer);
        resolve();
      }, 5);
    });
  const refusedAtLeast = (count: number) =>
    until(() => relay.refusals >= count);
  // A runner with one acknowledged invocation that runs for 30 s.
  const startRunning = async (tag: string) => {
    relay = await FakeRelay.start();
    const running = await start();
    const message = await relay.invokeMessage(
      'counted',
      { tag, waitMs: 30_000 },
      { env },
    );
    const acked = relay.next((m) => m.action === 'ack' && m.id === message.id);
    const answered = relay.answerOf(message.id);
    relay.send(message);
    await acked;
    return { running, message, answered };
  };

  beforeAll(async () => {
    project = await Project.create();
    await project.write('counted.ts', COUNTED);
    await project.write('gated.ts', GATED);
    env = { RUNS_FILE: path.join(project.root, 'runs.log') };
  });

  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await relay?.close();
  });

  afterAll(async () => {
    await project?.remove();
  });

  it('delivers a result once after the connection drops mid-invocation', async () => {
    relay = await FakeRelay.start();
    await start();
    const message = await relay.invokeMessage(
      'counted',
      { tag: 'drop', waitMs: 300 },
      { env },
    );
    const acked = relay.next((m) => m.action === 'ack' && m.id === message.id);
    const answered = relay.answerOf(message.id);

    relay.send(message);
    await acked;
    relay.refuse = true;
    relay.drop();
    // The answer is ready while no connection is up: it must wait.
    await until(() => events.some((e) => e.type === 'invocation'));
    relay.refuse = false;
    const answer = await answered;

    expect(answer).toMatchObject({ action: 'result', id: message.id });
    expect(relay.answers.filter((a) => a.id === message.id)).toHaveLength(1);
    expect(await runsOf('drop')).toBe(1);
    expect(relay.refusals).toBeGreaterThan(0);
    expect(relay.registered).toHaveLength(2);
    const registers = relay.received.filter((m) => m.action === 'register');
    expect(new Set(registers.map((m) => m.runner)).size).toBe(1);
  });

  it('runs a repeated invocation id once and answers each time', async () => {
    relay = await FakeRelay.start();
    await start();
    const message = await relay.invokeMessage(
      'counted',
      { tag: 'twice', waitMs: 100 },
      { env },
    );
    const first = relay.answerOf(message.id);

    relay.send(message);
    relay.send(message);
    await first;
    const again = relay.answerOf(message.id);
    relay.send({ ...message, stub: 'stub-2' });
    const second = await again;

    expect(second).toMatchObject({ action: 'result', stub: 'stub-2' });
    expect(await runsOf('twice')).toBe(1);
  });

  it('answers a resume for a known id on the stub’s new connection', async () => {
    relay = await FakeRelay.start();
    await start();
    const first = await relay.invoke(
      'counted',
      { tag: 'resume', waitMs: 0 },
      { env },
    );
    const resumed = relay.answerOf(first.id);

    relay.send({
      action: 'resume',
      v: 1,
      id: first.id,
      app: 'app',
      stage: 'dev',
      stub: 'stub-new',
    });

    expect(await resumed).toMatchObject({ action: 'result', stub: 'stub-new' });
    expect(await runsOf('resume')).toBe(1);
  });

  it('answers a resume for an unknown id with an error', async () => {
    relay = await FakeRelay.start();
    await start();
    const answered = relay.answerOf('never-sent');

    relay.send({
      action: 'resume',
      v: 1,
      id: 'never-sent',
      app: 'app',
      stage: 'dev',
      stub: 'stub-3',
    });

    expect(await answered).toMatchObject({
      action: 'error',
      error: { errorType: 'Tether.UnknownInvocation' },
    });
  });

  it('reconnects with backoff while the relay refuses', async () => {
    relay = await FakeRelay.start();
    await start();

    relay.refuse = true;
    relay.drop();
    await refusedAtLeast(3);
    relay.refuse = false;
    const registered = relay.next((m) => m.action === 'register');

    await registered;
    expect(relay.refusals).toBeGreaterThanOrEqual(3);
    const answer = await relay.invoke(
      'counted',
      { tag: 'after', waitMs: 0 },
      { env },
    );
    expect(answer).toMatchObject({ action: 'result' });
  });

  it('hands over to a new connection before closing the old one', async () => {
    relay = await FakeRelay.start();
    await start({ replaceAfterMs: 200 });
    const first = relay.registered[0];
    const closed = new Promise<number>((resolve) =>
      first?.once('close', () => resolve(relay.registered.length)),
    );

    const registeredWhenClosed = await closed;

    expect(registeredWhenClosed).toBeGreaterThanOrEqual(2);
    expect(
      events.filter((e) => e.type === 'connection' && e.state !== 'connected'),
    ).toEqual([]);
  });

  it('keeps the current connection when a handover is refused', async () => {
    relay = await FakeRelay.start();
    await start({ replaceAfterMs: 200 });

    relay.refuse = true;
    await refusedAtLeast(1);
    const answer = await relay.invoke(
      'counted',
      { tag: 'kept', waitMs: 0 },
      { env },
    );

    expect(answer.action).toBe('result');
    expect(relay.registered).toHaveLength(1);
    expect(
      events.filter((e) => e.type === 'connection' && e.state !== 'connected'),
    ).toEqual([]);
  });

  it('keeps the connection through an event-loop stall', async () => {
    relay = await FakeRelay.start();
    const clocks = createClocks();
    await start({ clockJumpMs: 400, clocks } as RunnerOptions);

    // A busy machine delays the runner's clock tick far past the
    // threshold, but both clocks move alike.
    const end = Date.now() + 1500;
    while (Date.now() < end) {}
    const reads = clocks.reads;
    await until(() => clocks.reads >= reads + 2);

    const states = events.flatMap((e) =>
      e.type === 'connection' ? [e.state] : [],
    );
    expect(states).toEqual(['connected']);
    expect(relay.registered).toHaveLength(1);
  });

  it('replaces the connection at once after a clock jump', async () => {
    relay = await FakeRelay.start();
    const clocks = createClocks();
    await start({ clocks } as RunnerOptions);
    const registered = relay.next((m) => m.action === 'register');

    // Wall-clock time runs ahead of monotonic time only across a suspend.
    clocks.offsetMs = 60_000;
    await registered;
    await until(() =>
      events.some((e) => e.type === 'connection' && e.state === 'connected'),
    );

    const states = events.flatMap((e) =>
      e.type === 'connection' ? [e.state] : [],
    );
    expect(states).toEqual(['connected', 'reconnecting', 'connected']);
    const jump = events.find(
      (e) => e.type === 'connection' && e.state === 'reconnecting',
    );
    expect(jump?.type === 'connection' && jump.detail).toMatch(/clock/);
    expect(relay.registered).toHaveLength(2);
  });

  it('delivers results that finish while the connection is replaced once each', async () => {
    relay = await FakeRelay.start();
    relay.refuseOldConnections = true;
    const clocks = createClocks();
    await start({ clocks } as RunnerOptions);
    const gate = path.join(project.root, 'gate-handover');
    const messages = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((tag) =>
        relay.invokeMessage('gated', { tag, gate }, { env }),
      ),
    );
    const acked = messages.map((m) =>
      relay.next((r) => r.action === 'ack' && r.id === m.id),
    );
    const answered = messages.map((m) => relay.answerOf(m.id));
    for (const message of messages) relay.send(message);
    await Promise.all(acked);

    // The relay takes the new connection as the runner's but holds
    // `registered` back while every handler finishes.
    relay.holdRegistered = true;
    const registering = relay.next((m) => m.action === 'register');
    clocks.offsetMs = 60_000;
    await registering;
    await project.write('gate-handover', '');
    await until(
      () => events.filter((e) => e.type === 'invocation').length === 5,
    );
    relay.releaseRegistered();
    const answers = await Promise.all(answered);

    expect(answers.map((a) => a.action)).toEqual(Array(5).fill('result'));
    for (const message of messages) {
      expect(relay.answers.filter((a) => a.id === message.id)).toHaveLength(1);
    }
    expect(relay.refused.filter((m) => m.action !== 'ack')).toEqual([]);
  });

  it('runs an invocation that arrives before registered on a new connection', async () => {
    relay = await FakeRelay.start();
    const clocks = createClocks();
    await start({ clocks } as RunnerOptions);
    relay.holdRegistered = true;
    const registering = relay.next((m) => m.action === 'register');
    clocks.offsetMs = 60_000;
    await registering;

    const message = await relay.invokeMessage(
      'counted',
      { tag: 'early', waitMs: 0 },
      { env },
    );
    const answered = relay.answerOf(message.id);
    // Sent on the new connection ahead of `registered`: it arrives first.
    relay.send(message);
    relay.releaseRegistered();
    const answer = await answered;

    expect(answer).toMatchObject({ action: 'result', value: 'done early' });
    expect(await runsOf('early')).toBe(1);
  });

  it('registers the kept connection again when a handover gets no registered', async () => {
    relay = await FakeRelay.start();
    relay.refuseOldConnections = true;
    await start({ replaceAfterMs: 200, registerTimeoutMs: 400 });
    const kept = relay.registered[0];
    relay.holdRegistered = true;
    await relay.next((m) => m.action === 'register');
    // Only the handover's own `registered` is held: it never comes.
    relay.holdRegistered = false;
    const messages = await Promise.all(
      ['stranded-1', 'stranded-2'].map((tag) =>
        relay.invokeMessage('counted', { tag, waitMs: 0 }, { env }),
      ),
    );
    const answered = messages.map((m) => relay.answerOf(m.id));
    const reregistered = relay.next((m) => m.action === 'register');

    // Routed to the new connection, which the runner then abandons.
    for (const message of messages) relay.send(message);
    await reregistered;
    const answers = await Promise.all(answered);
    const after = await relay.invoke(
      'counted',
      { tag: 'after', waitMs: 0 },
      { env },
    );

    expect(relay.registered).toHaveLength(3);
    expect(relay.registered[2]).toBe(kept);
    expect(relay.runner).toBe(kept);
    expect(answers.map((a) => a.action)).toEqual(['result', 'result']);
    expect(after.action).toBe('result');
    for (const message of messages) {
      expect(relay.answers.filter((a) => a.id === message.id)).toHaveLength(1);
    }
    expect(await runsOf('stranded-1')).toBe(1);
    expect(await runsOf('stranded-2')).toBe(1);
    expect(relay.refused).toEqual([]);
    expect(
      events.filter((e) => e.type === 'connection' && e.state !== 'connected'),
    ).toEqual([]);
  });

  it('reconnects when the kept connection cannot register again', async () => {
    relay = await FakeRelay.start();
    await start({ replaceAfterMs: 200, registerTimeoutMs: 300 });
    const kept = relay.registered[0];
    relay.holdRegistered = true;
    await relay.next((m) => m.action === 'register');
    const keptClosed = new Promise<void>((resolve) =>
      kept?.once('close', () => resolve()),
    );

    await relay.next((m) => m.action === 'register');
    const fresh = relay.next((m) => m.action === 'register');
    await keptClosed;
    await fresh;
    relay.releaseRegistered();
    await until(() =>
      events.some((e) => e.type === 'connection' && e.state === 'connected'),
    );
    const answer = await relay.invoke(
      'counted',
      { tag: 'fresh', waitMs: 0 },
      { env },
    );

    expect(relay.registered[2]).toBe(kept);
    expect(relay.runner).not.toBe(kept);
    expect(answer.action).toBe('result');
    const states = events.flatMap((e) =>
      e.type === 'connection' ? [e.state] : [],
    );
    expect(states).toEqual(['connected', 'reconnecting', 'connected']);
  });

  it('sends an answer again when the relay refuses it', async () => {
    relay = await FakeRelay.start();
    await start();
    relay.refuseAnswers = 1;

    const answer = await relay.invoke(
      'counted',
      { tag: 'refused', waitMs: 0 },
      { env },
    );

    expect(answer).toMatchObject({ action: 'result', value: 'done refused' });
    expect(relay.refused).toHaveLength(1);
    expect(relay.answers.filter((a) => a.id === answer.id)).toHaveLength(1);
  });

  it('logs a STUB_GONE fault with the invocation id', async () => {
    relay = await FakeRelay.start();
    const warnings: string[] = [];
    const ignore = () => {};
    await start({
      logger: {
        debug: ignore,
        info: ignore,
        error: ignore,
        warn: (message) => warnings.push(message),
      },
    });
    const answer = await relay.invoke(
      'counted',
      { tag: 'gone', waitMs: 0 },
      { env },
    );

    relay.send({
      action: 'fault',
      v: 1,
      code: 'STUB_GONE',
      message: 'stub connection is gone',
      id: answer.id,
    });
    await until(() => warnings.length > 0);

    expect(warnings[0]).toContain('STUB_GONE');
    expect(warnings[0]).toContain(answer.id);
  });

  it('acknowledges a running invocation at every heartbeat', async () => {
    relay = await FakeRelay.start();
    await start({ heartbeatMs: 50 });

    const answer = await relay.invoke(
      'counted',
      { tag: 'beat', waitMs: 400 },
      { env },
    );

    const acks = relay.received.filter(
      (m) => m.action === 'ack' && m.id === answer.id,
    );
    expect(acks.length).toBeGreaterThanOrEqual(2);
  });

  it('sends keep-alive pings', async () => {
    relay = await FakeRelay.start();
    const pinged = relay.next((m) => m.action === 'ping');

    await start({ pingIntervalMs: 50 });

    expect(await pinged).toEqual({ action: 'ping', v: 1 });
  });

  it('stops and stays down when evicted', async () => {
    relay = await FakeRelay.start();
    const running = await start();

    relay.send(EVICTED);
    await running.stopped;
    const upgrades = relay.upgrades.length;
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(events).toContainEqual(
      expect.objectContaining({ type: 'connection', state: 'evicted' }),
    );
    expect(relay.upgrades.length).toBe(upgrades);
  });

  it('answers a running invocation with an error when stopped', async () => {
    const { running, message, answered } = await startRunning('stopped');

    await running.stop();
    const answer = await answered;

    expect(answer).toMatchObject({
      action: 'error',
      id: message.id,
      error: { errorType: 'Tether.RunnerStopped' },
    });
    expect(running.environmentCount()).toBe(0);
  });

  it('answers a running invocation with an error when evicted', async () => {
    const { running, message, answered } = await startRunning('evicted');

    relay.send(EVICTED);
    const answer = await answered;
    await running.stopped;

    expect(answer).toMatchObject({
      action: 'error',
      id: message.id,
      error: { errorType: 'Tether.RunnerStopped' },
    });
  });

  it('fails to start with CONNECT_FAILED when the relay refuses', async () => {
    relay = await FakeRelay.start();
    relay.refuse = true;

    const started = start();

    await expect(started).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
  });

  it('fails to start with CONNECT_FAILED when the signature is wrong', async () => {
    relay = await FakeRelay.start();

    const started = start({
      credentials: { ...TEST_CREDENTIALS, secretAccessKey: 'not the key' },
    });

    await expect(started).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
    expect(relay.refusals).toBe(1);
  });

  it('fails to start with REGISTER_FAILED when registration is refused', async () => {
    relay = await FakeRelay.start();
    relay.faultRegister = true;

    const started = start();

    await expect(started).rejects.toMatchObject({ code: 'REGISTER_FAILED' });
  });
});
