// Measures `tether dev --local` on examples/http-api: time until ready (the
// outputs file appears), first request, a warm request, and time to stop on
// SIGINT. Run with `npm run bench -w @tether/cli` after `npm run build`.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = path.resolve(import.meta.dirname, '../../..');
const app = path.join(root, 'examples/http-api');
const runs = Number(process.argv[2] ?? 3);

async function waitForFile(file, child) {
  while (child.exitCode === null) {
    try {
      return JSON.parse(await readFile(file, 'utf8'));
    } catch {
      await sleep(50);
    }
  }
  throw new Error('tether exited before it was ready');
}

async function timed(work) {
  const started = performance.now();
  const value = await work();
  return [performance.now() - started, value];
}

async function once(dir, index) {
  const outputs = path.join(dir, `outputs-${index}.json`);
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'packages/cli/dist/bin.js'),
      'dev',
      '--local',
      '--stage',
      `bench${index}`,
      '--outputs-file',
      outputs,
    ],
    { cwd: app, stdio: 'ignore' },
  );
  const [readyMs, written] = await timed(() => waitForFile(outputs, child));
  const url = written.stacks.HttpApiExample.ApiUrl;
  const [firstMs] = await timed(() =>
    fetch(`${url}/hello`).then((r) => r.text()),
  );
  const [warmMs] = await timed(() =>
    fetch(`${url}/hello`).then((r) => r.text()),
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const [stopMs] = await timed(async () => {
    child.kill('SIGINT');
    await exited;
  });
  return { readyMs, firstMs, warmMs, stopMs };
}

const dir = await mkdtemp(path.join(tmpdir(), 'tether-bench-'));
const results = [];
try {
  for (let index = 0; index < runs; index++)
    results.push(await once(dir, index));
} finally {
  await rm(dir, { recursive: true, force: true });
}
const median = (key) => {
  const sorted = results.map((result) => result[key]).sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]);
};
console.log(
  `tether dev --local on examples/http-api, ${runs} runs (median ms)`,
);
for (const key of ['readyMs', 'firstMs', 'warmMs', 'stopMs']) {
  console.log(`  ${key.padEnd(8)} ${median(key)}`);
}
