// Runner benchmark: overhead per invocation, rebuild-to-ready after a
// save, and memory with 10 warm functions. Run with
// `npm run bench -w @tether/runner` (builds first). Prints a JSON report.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  decodeMessage,
  encodeMessage,
  readPayload,
  writePayload,
} from '@tether/codec';
import { WebSocketServer } from 'ws';
import { startRunner } from '../dist/index.js';

const OVERHEAD_RUNS = Number(process.env.BENCH_RUNS ?? 2000);
const SAVES = Number(process.env.BENCH_SAVES ?? 30);
const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'secret' };

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return Number(sorted[Math.max(0, at)].toFixed(3));
}

function summary(values) {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
  };
}

// A relay stand-in: answers register, sends invokes, resolves answers.
async function startRelay() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const waiting = new Map();
  let runner;
  server.on('connection', (socket) => {
    socket.on('message', async (data) => {
      const message = decodeMessage(data);
      if (message.action === 'register') {
        runner = socket;
        const { app, stage } = message;
        socket.send(
          encodeMessage({
            action: 'registered',
            v: 1,
            app,
            stage,
            connection: 'c1',
          }),
        );
      } else if (message.action === 'result' || message.action === 'error') {
        const at = performance.now();
        const value =
          message.action === 'result'
            ? await readPayload(message.payload)
            : message.error;
        waiting.get(message.id)?.({ at, value, action: message.action });
        waiting.delete(message.id);
      }
    });
  });
  const url = `ws://127.0.0.1:${server.address().port}/dev`;
  async function invoke(fn, event) {
    const id = randomUUID();
    const deadline = Date.now() + 30_000;
    const context = {
      awsRequestId: id,
      functionName: fn,
      deadline,
      sentAt: Date.now(),
    };
    const payload = await writePayload({ event, context, env: {} });
    const answered = new Promise((resolve) => waiting.set(id, resolve));
    const sentAt = performance.now();
    runner.send(
      encodeMessage({
        action: 'invoke',
        v: 1,
        id,
        app: 'bench',
        stage: 'dev',
        function: fn,
        deadline,
        payload,
        stub: 'stub',
      }),
    );
    const answer = await answered;
    return { ...answer, totalMs: answer.at - sentAt };
  }
  return { url, invoke, close: () => new Promise((r) => server.close(r)) };
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

const SLOW = `
  export const handler = async (event: { n: number }) => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { n: event.n, pid: process.pid };
  };
`;

const HANDLER = (n) => `
  export const handler = async (event: { work?: number }) => {
    const started = performance.now();
    return { n: ${n}, pid: process.pid, selfMs: performance.now() - started };
  };
`;

async function main() {
  const root = await mkdtemp(path.join(tmpdir(), 'tether-runner-bench-'));
  await writeFile(path.join(root, 'package.json'), '{"private":true}');
  const functions = [];
  for (let n = 0; n < 10; n++) {
    await writeFile(path.join(root, `fn${n}.ts`), HANDLER(n));
    functions.push({
      id: `fn${n}`,
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      memorySize: 128,
      timeout: 30,
      source: {
        kind: 'entry',
        entry: path.join(root, `fn${n}.ts`),
        handler: 'handler',
      },
    });
  }
  await writeFile(path.join(root, 'slow.ts'), SLOW);
  const slow = {
    id: 'slow',
    runtime: 'nodejs22.x',
    handler: 'index.handler',
    memorySize: 128,
    timeout: 60,
    source: {
      kind: 'entry',
      entry: path.join(root, 'slow.ts'),
      handler: 'handler',
    },
  };
  const relay = await startRelay();
  const builds = [];
  const runner = await startRunner({
    url: relay.url,
    manifest: {
      version: 1,
      app: 'bench',
      stage: 'dev',
      functions: [...functions, slow],
    },
    credentials,
    onEvent: (event) => {
      if (event.type === 'build')
        builds.push({ ...event, at: performance.now() });
    },
  });

  // 1. Overhead: relay send to relay receive, less the handler's own time.
  for (let i = 0; i < 50; i++) await relay.invoke('fn0', {});
  const overhead = [];
  for (let i = 0; i < OVERHEAD_RUNS; i++) {
    const { totalMs, value } = await relay.invoke('fn0', {});
    overhead.push(totalMs - value.selfMs);
  }

  // 2. Save to ready: file write to the build event, which comes once the
  // bundle is written and an environment with the new code is warm. Then
  // the invocation that follows; and, saving again, an invocation sent at
  // once after the write (it waits for the rebuild itself).
  const ready = [];
  const esbuildMs = [];
  const afterReady = [];
  const immediate = [];
  const nextBuild = async (before) => {
    while (builds.length === before)
      await new Promise((r) => setTimeout(r, 0.5));
    return builds[before];
  };
  for (let i = 0; i < SAVES; i++) {
    const before = builds.length;
    const written = performance.now();
    await writeFile(path.join(root, 'fn1.ts'), HANDLER(1000 + i));
    const build = await nextBuild(before);
    ready.push(build.at - written);
    esbuildMs.push(build.durationMs);
    const asked = performance.now();
    const { value, at } = await relay.invoke('fn1', {});
    if (value.n !== 1000 + i) throw new Error(`stale code after save ${i}`);
    afterReady.push(at - asked);
  }
  for (let i = 0; i < SAVES; i++) {
    const before = builds.length;
    const written = performance.now();
    await writeFile(path.join(root, 'fn2.ts'), HANDLER(2000 + i));
    const { value, at } = await relay.invoke('fn2', {});
    if (value.n !== 2000 + i) throw new Error(`stale code after save ${i}`);
    immediate.push(at - written);
    await nextBuild(before);
  }

  // 3. Memory: every function warm once, then RSS of the runner process
  // (which here also holds the relay stand-in) and of each environment.
  const pids = new Set();
  for (const fn of functions)
    pids.add((await relay.invoke(fn.id, {})).value.pid);
  const environments = [...pids].map(rssOf);
  const runnerRss = process.memoryUsage().rss;
  // 4. Concurrency: 50 simultaneous invocations of a 500 ms handler, when
  // 50 environments must start, then again when they are warm.
  const burst = async () => {
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, n) => relay.invoke('slow', { n })),
    );
    if (new Set(answers.map((a) => a.value.pid)).size !== 50)
      throw new Error('shared environment');
    return Number((performance.now() - started).toFixed(0));
  };
  const coldBurstMs = await burst();
  const warmBurstMs = await burst();

  const mb = (bytes) => Number((bytes / 1024 / 1024).toFixed(1));
  const report = {
    node: process.version,
    overheadMs: summary(overhead),
    rebuild: {
      esbuildMs: summary(esbuildMs),
      saveToWarmMs: summary(ready),
      answerAfterWarmMs: summary(afterReady),
      saveThenInvokeAtOnceMs: summary(immediate),
    },
    concurrency: { invocations: 50, handlerMs: 500, coldBurstMs, warmBurstMs },
    memory: {
      warmFunctions: functions.length,
      environments: environments.length,
      runnerMB: mb(runnerRss),
      environmentsMB: mb(environments.reduce((a, b) => a + b, 0)),
      perEnvironmentMB: mb(
        environments.reduce((a, b) => a + b, 0) / environments.length,
      ),
      totalMB: mb(runnerRss + environments.reduce((a, b) => a + b, 0)),
    },
  };
  console.log(JSON.stringify(report, null, 2));
  await runner.stop();
  await relay.close();
  await rm(root, { recursive: true, force: true });
}

await main();
