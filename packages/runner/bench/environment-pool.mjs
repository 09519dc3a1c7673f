// The execution environment pool on its own: cold start of an environment
// (fork, Node.js start, handler import, first answer) and the overhead of a
// warm invocation (invoke() to outcome, minus the time inside the handler),
// p50 and p99. Run `npx tsc -b packages/runner` first; this imports dist/.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEnvironmentPool } from '../dist/index.js';

const WARM = 3000;
const COLD = 30;

const handler = `
export const handler = async (event) => ({ ok: true, n: event.n });
export const big = async (event) => 'b'.repeat(event.bytes);
export const chatty = async (event) => {
  const line = 'o'.repeat(1023) + '\\n';
  for (let i = 0; i < event.kilobytes; i += 1) process.stdout.write(line);
  return 'done';
};`;

function percentile(sorted, p) {
  const index = Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

function report(name, values) {
  const sorted = [...values].sort((a, b) => a - b);
  const p50 = percentile(sorted, 0.5).toFixed(3);
  const p99 = percentile(sorted, 0.99).toFixed(3);
  console.log(`${name}: p50 ${p50} ms, p99 ${p99} ms (n=${values.length})`);
}

async function timed(pool, event) {
  const started = performance.now();
  const outcome = await pool.invoke(event);
  return { outcome, total: performance.now() - started };
}

async function coldStarts(file) {
  const totals = [];
  const inits = [];
  for (let i = 0; i < COLD; i += 1) {
    const pool = createEnvironmentPool({
      functionName: 'bench',
      code: { file, exportName: 'handler' },
    });
    const { outcome, total } = await timed(pool, { n: i });
    totals.push(total);
    inits.push(outcome.initDurationMs ?? 0);
    await pool.stop();
  }
  report('cold start, invoke() to outcome', totals);
  report('cold start, init inside the environment', inits);
}

async function warm(file) {
  const pool = createEnvironmentPool({
    functionName: 'bench',
    code: { file, exportName: 'handler' },
  });
  for (let i = 0; i < 100; i += 1) await pool.invoke({ n: i });
  const overheads = [];
  for (let i = 0; i < WARM; i += 1) {
    const { outcome, total } = await timed(pool, { n: i });
    overheads.push(total - outcome.durationMs);
  }
  report('warm invocation overhead (total minus handler)', overheads);
  await pool.stop();
}

async function volume(file) {
  const big = createEnvironmentPool({
    functionName: 'bench',
    code: { file, exportName: 'big' },
  });
  await big.invoke({ bytes: 1 });
  const result = await timed(big, { bytes: 6 * 1024 * 1024 });
  console.log(`6 MB result, warm: ${result.total.toFixed(1)} ms`);
  await big.stop();
  let received = 0;
  const chatty = createEnvironmentPool({
    functionName: 'bench',
    code: { file, exportName: 'chatty' },
    onOutput: ({ text }) => {
      received += text.length;
    },
  });
  await chatty.invoke({ kilobytes: 1 });
  received = 0;
  const output = await timed(chatty, { kilobytes: 32 * 1024 });
  const mb = (received / 1024 / 1024).toFixed(0);
  console.log(`${mb} MB of output, warm: ${output.total.toFixed(1)} ms`);
  await chatty.stop();
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'tether-pool-bench-'));
  const file = join(dir, 'handler.mjs');
  await writeFile(file, handler);
  try {
    await coldStarts(file);
    await warm(file);
    await volume(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
