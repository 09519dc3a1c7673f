import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OutputsFile } from '../../src/outputs-file.js';
import { localCredentials } from '../../src/targets/local-credentials.js';
import {
  type CliProcess,
  copyExample,
  descendantsOf,
  FIXTURES,
  isRunning,
  spawnCli,
  waitForJson,
} from './dev-process.js';

type Local = NonNullable<OutputsFile['local']>;

let root: string;
let app: string;
let cli: CliProcess;
let local: Local;
let apiUrl: string;
let lambda: LambdaClient;

const STAGE = 'e2e';

function functionName(id: string): string {
  const fn = local.functions.find((candidate) =>
    candidate.constructPath.endsWith(`/${id}`),
  );
  if (fn === undefined) throw new Error(`no function ${id}`);
  return fn.name;
}

async function invoke(id: string, payload: Uint8Array | string) {
  const response = await lambda.send(
    new InvokeCommand({
      FunctionName: functionName(id),
      Payload: typeof payload === 'string' ? Buffer.from(payload) : payload,
    }),
  );
  const text = Buffer.from(response.Payload ?? new Uint8Array()).toString();
  return { functionError: response.FunctionError, body: JSON.parse(text) };
}

/** Runs `tether invoke Echo` with the event; its exit code and output. */
async function tetherInvokeEcho(name: string, event: unknown) {
  const file = path.join(root, `${name}-event.json`);
  await writeFile(file, JSON.stringify(event));
  const invoker = await spawnCli(
    ['invoke', 'Echo', '--event', file, '--stage', STAGE],
    app,
    path.join(root, `tmp-invoke-${name}`),
  );
  const { code } = await invoker.exited;
  return { code, output: invoker.output() };
}

async function fixtureFiles(): Promise<string[]> {
  const entries = await readdir(FIXTURES, { recursive: true });
  return entries
    .filter((entry) => entry.endsWith('.json'))
    .map((entry) => path.join(FIXTURES, entry))
    .sort();
}

function isListening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tether-e2e-'));
  app = await copyExample(root);
  const outputs = path.join(root, 'outputs.json');
  cli = await spawnCli(
    ['dev', '--local', '--stage', STAGE, '--outputs-file', outputs],
    app,
    path.join(root, 'tmp'),
  );
  const written = await waitForJson<OutputsFile>(outputs, cli, 120_000);
  local = written.local as Local;
  const api = local.apis.find((candidate) => candidate.type === 'HTTP');
  apiUrl = (api?.url ?? '').replace(/\/$/, '');
  lambda = new LambdaClient({
    endpoint: local.lambdaEndpoint,
    region: 'us-east-1',
    credentials: localCredentials(),
    maxAttempts: 1,
    // A fresh connection per call: no race with the server closing an idle
    // keep-alive socket, which a busy machine makes likely.
    requestHandler: { httpAgent: new Agent({ keepAlive: false }) },
  });
}, 150_000);

afterEach((context) => {
  // What tether printed is the best clue to a failure: show its end.
  if (context.task.result?.state === 'fail') {
    console.log(cli?.output().split('\n').slice(-60).join('\n'));
  }
});

afterAll(async () => {
  lambda?.destroy();
  if (cli && cli.child.exitCode === null && cli.child.signalCode === null) {
    cli.child.kill('SIGKILL');
  }
  await rm(root, { recursive: true, force: true });
});

describe('tether dev --local on examples/http-api', () => {
  it('writes the outputs file with stacks, APIs and live functions', () => {
    const appFunctions = local.functions.filter(
      (fn) => fn.stack === 'HttpApiExample',
    );

    expect(appFunctions).toHaveLength(8);
    expect(appFunctions.every((fn) => fn.live)).toBe(true);
    expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(cli.output()).toContain('Ready in');
  });

  it('answers GET /hello with a JSON greeting', async () => {
    const response = await fetch(`${apiUrl}/hello?name=Ada`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: 'Hello, Ada!' });
  });

  it('stores a note and reads it back through DynamoDB', async () => {
    const created = await fetch(`${apiUrl}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'buy milk' }),
    });
    const note = (await created.json()) as { id: string; text: string };

    const read = await fetch(`${apiUrl}/notes/${note.id}`);

    expect(created.status).toBe(201);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: note.id, text: 'buy milk' });
  });

  it('answers 404 for a note that does not exist', async () => {
    const response = await fetch(`${apiUrl}/notes/missing`);

    expect(response.status).toBe(404);
  });

  it('returns the PNG logo as binary', async () => {
    const response = await fetch(`${apiUrl}/logo.png`);
    const bytes = Buffer.from(await response.arrayBuffer());

    expect(response.headers.get('content-type')).toBe('image/png');
    expect(bytes.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
  });

  it('returns a JSON body over 200 KB', async () => {
    const response = await fetch(`${apiUrl}/big`);
    const text = await response.text();

    expect(text.length).toBeGreaterThan(200 * 1024);
    expect((JSON.parse(text) as { count: number }).count).toBe(3000);
  });

  it('gives every fixture event back unchanged from Echo', async () => {
    const files = await fixtureFiles();
    const checked: string[] = [];

    for (const file of files) {
      const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
      let expected: unknown;
      try {
        expected = JSON.parse(text);
      } catch {
        // The deliberately broken fixture: Lambda refuses it.
        await expect(invoke('Echo', text)).rejects.toThrow();
        continue;
      }
      const { body, functionError } = await invoke('Echo', text);
      expect(functionError, file).toBeUndefined();
      expect(body, file).toEqual(expected);
      checked.push(file);
    }

    expect(checked.length).toBeGreaterThan(30);
  });

  it('carries a 5 MB event there and back', async () => {
    const event = { blob: randomBytes(3_750_000).toString('base64') };

    const { body, functionError } = await invoke('Echo', JSON.stringify(event));

    expect(functionError).toBeUndefined();
    expect(body).toEqual(event);
  });

  it("returns Fail's own error type", async () => {
    const { body, functionError } = await invoke('Fail', '{"reason":"test"}');

    expect(functionError).toBe('Unhandled');
    expect(body).toMatchObject({
      errorType: 'NoteBookOnFireError',
      errorMessage: 'test',
    });
  });

  it('invokes a function with tether invoke', async () => {
    const event = { from: 'tether invoke' };

    const { code, output } = await tetherInvokeEcho('small', event);

    expect(code).toBe(0);
    expect(JSON.parse(output)).toEqual(event);
  });

  it('prints a large result of tether invoke whole into a pipe', async () => {
    const event = { text: 'tether '.repeat(100_000) };

    const { code, output } = await tetherInvokeEcho('large', event);

    expect(code).toBe(0);
    expect(JSON.parse(output)).toEqual(event);
  });

  it('runs the edited handler on the next request, without a restart', async () => {
    const file = path.join(app, 'src/handlers/hello.ts');
    const source = await readFile(file, 'utf8');
    await writeFile(file, source.replace('Hello, ', 'Howdy, '));
    let message = '';

    for (
      let attempt = 0;
      attempt < 100 && message !== 'Howdy, Ada!';
      attempt++
    ) {
      const response = await fetch(`${apiUrl}/hello?name=Ada`);
      message = ((await response.json()) as { message: string }).message;
      if (message !== 'Howdy, Ada!') await sleep(100);
    }

    expect(message).toBe('Howdy, Ada!');
  });

  it('runs 50 Slow invocations at once', async () => {
    // Each concurrent invocation needs its own environments, as on Lambda:
    // the stub's and the relay's on local-cloud, one in the runner. Cold,
    // 50 at once start some 150 Node.js processes, which on two busy cores
    // outlasts the stub's timeouts (see the README's Limitations); so they
    // are first made ten more at a time before the 50 run at once.
    for (const wave of [10, 20, 30, 40]) {
      await Promise.all(
        Array.from({ length: wave }, () => invoke('Slow', '{"ms":500}')),
      );
    }
    const runs = Array.from({ length: 50 }, () =>
      invoke('Slow', JSON.stringify({ ms: 1000 })),
    );

    const results = await Promise.all(runs);

    expect(results.filter((result) => result.functionError)).toEqual([]);
    expect(results.map((result) => result.body)).toEqual(
      Array.from({ length: 50 }, () => ({ waitedMs: 1000 })),
    );
  }, 120_000);

  it('stops on SIGINT quickly, leaving nothing behind', async () => {
    const pid = cli.child.pid as number;
    const children = await descendantsOf(pid);
    const urls = [local.lambdaEndpoint, apiUrl];
    const started = Date.now();

    cli.child.kill('SIGINT');
    const { code } = await cli.exited;
    const stoppedMs = Date.now() - started;

    expect(code).toBe(0);
    expect(cli.output()).toContain('Stopping');
    // A bound for hangs only: each cleanup step gives up after 4 s.
    expect(stoppedMs).toBeLessThan(10_000);
    for (const url of urls) expect(await isListening(url), url).toBe(false);
    for (const child of children) expect(await isRunning(child)).toBe(false);
    // tsx (the example's app command) keeps its own cache there by design.
    const left = await readdir(path.join(root, 'tmp'));
    expect(left.filter((name) => !name.startsWith('tsx-'))).toEqual([]);
    expect(await readdir(path.join(app, '.tether'))).toEqual([]);
  });
});
