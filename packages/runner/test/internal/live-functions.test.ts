import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Runner,
  type RunnerEvent,
  startRunner,
} from '../../dist/index.js';
import { FakeRelay } from '../helpers/fake-relay.js';
import { manifestOf, Project, TEST_CREDENTIALS } from '../helpers/project.js';

const SLOW = `
  import { setTimeout as sleep } from 'node:timers/promises';
  export const handler = async (event: { n: number }) => {
    await sleep(500);
    return { n: event.n, pid: process.pid };
  };
`;

describe('the functions of the manifest', () => {
  let project: Project;
  let relay: FakeRelay;
  let runner: Runner;

  beforeAll(async () => {
    project = await Project.create();
    await project.write('slow.ts', SLOW);
    await project.write(
      'index.js',
      'exports.handler = async (event) => ({ asset: event.x });\n',
    );
    relay = await FakeRelay.start();
    runner = await startRunner({
      url: relay.url,
      manifest: manifestOf([
        project.entry('slow', 'slow.ts'),
        project.entry('asset', 'index.js', {
          source: {
            kind: 'asset',
            directory: project.root,
            handler: 'index.handler',
          },
        }),
      ]),
      credentials: TEST_CREDENTIALS,
    });
  });

  afterAll(async () => {
    await runner?.stop();
    await relay?.close();
    await project?.remove();
  });

  it('runs 50 simultaneous invocations, each in its own environment', async () => {
    const numbers = Array.from({ length: 50 }, (_, n) => n);

    const answers = await Promise.all(
      numbers.map((n) => relay.invoke('slow', { n }, { timeoutMs: 60_000 })),
    );

    const values = answers.map((answer) =>
      answer.action === 'result'
        ? (answer.value as { n: number; pid: number })
        : undefined,
    );
    expect(values.map((value) => value?.n)).toEqual(numbers);
    expect(new Set(values.map((value) => value?.pid)).size).toBe(50);
    expect(runner.environmentCount()).toBe(50);
  }, 120_000);

  it('runs an asset function from its directory', async () => {
    const answer = await relay.invoke('asset', { x: 7 });

    expect(answer.action === 'result' && answer.value).toEqual({ asset: 7 });
  });

  it('answers an invocation of an unknown function with an error', async () => {
    const answer = await relay.invoke('missing', {});

    expect(answer).toMatchObject({
      action: 'error',
      error: { errorType: 'Tether.UnknownFunction' },
    });
  });

  it('refuses an asset handler without an export with INVALID_MANIFEST', async () => {
    const manifest = manifestOf([
      project.entry('bad', 'index.js', {
        source: { kind: 'asset', directory: project.root, handler: 'index' },
      }),
    ]);

    const started = startRunner({
      url: relay.url,
      manifest,
      credentials: TEST_CREDENTIALS,
    });

    await expect(started).rejects.toMatchObject({ code: 'INVALID_MANIFEST' });
  });

  it('starts environments under the inspector when asked', async () => {
    const events: RunnerEvent[] = [];
    const inspected = await startRunner({
      url: relay.url,
      manifest: manifestOf([project.entry('slow', 'slow.ts')]),
      credentials: TEST_CREDENTIALS,
      inspect: { host: '127.0.0.1', port: 0 },
      onEvent: (event) => events.push(event),
    });

    const answer = await relay.invoke('slow', { n: 1 });
    await inspected.stop();

    expect(answer.action).toBe('result');
    const output = events.flatMap((e) => (e.type === 'output' ? [e.text] : []));
    expect(output.join('')).toMatch(
      /Debugger listening on ws:\/\/127\.0\.0\.1:\d+/,
    );
  });
});

const COUNTER = `
  let count = 0;
  export const handler = async () => ({ count: ++count, pid: process.pid });
`;

describe('a fresh environment per invocation', () => {
  let project: Project;
  let relay: FakeRelay;
  let runner: Runner;

  beforeAll(async () => {
    project = await Project.create();
    await project.write('counter.ts', COUNTER);
    relay = await FakeRelay.start();
    runner = await startRunner({
      url: relay.url,
      manifest: manifestOf([project.entry('counter', 'counter.ts')]),
      credentials: TEST_CREDENTIALS,
      freshEnvironmentPerInvocation: true,
    });
  });

  afterAll(async () => {
    await runner?.stop();
    await relay?.close();
    await project?.remove();
  });

  it('runs each invocation in a new process without module state', async () => {
    const first = await relay.invoke('counter', {}, { timeoutMs: 30_000 });
    const second = await relay.invoke('counter', {}, { timeoutMs: 30_000 });

    const values = [first, second].map((answer) =>
      answer.action === 'result'
        ? (answer.value as { count: number; pid: number })
        : undefined,
    );
    expect(values.map((value) => value?.count)).toEqual([1, 1]);
    expect(values[0]?.pid).not.toBe(values[1]?.pid);
  }, 60_000);
});
