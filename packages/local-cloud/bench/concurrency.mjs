// How many environments one function should get on this machine: a burst
// of 50 invocations at once of a handler that takes a few milliseconds
// (as the relay's do), cold and then warm, under several caps, with and
// without loading an AWS SDK client at init (as the relay does). Each cold
// environment is a Node.js process to start; past a handful, starting
// them costs more than waiting for a warm one. Run `npm run build` first;
// this imports dist/.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLambdaService, LAMBDA_DEFAULTS } from '../dist/index.js';

const BURST = 50;
const CAPS = [2, 4, 8, 16, BURST];

const handler = `
if (process.env.LOAD_SDK) require('@aws-sdk/client-dynamodb');
exports.handler = async () => {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return process.pid;
};`;

async function burst(lambda) {
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: BURST }, () => lambda.invoke('burst', {})),
  );
  const failed = outcomes.filter((outcome) => !outcome.ok).length;
  const pids = new Set(outcomes.map((outcome) => outcome.result)).size;
  return { ms: performance.now() - started, failed, pids };
}

async function measure(codeDir, cap, sdk) {
  const lambda = await createLambdaService({ maxEnvironmentsPerFunction: cap });
  try {
    await lambda.createFunction({
      name: 'burst',
      codeDir,
      handler: 'index.handler',
      environment: sdk ? { LOAD_SDK: '1' } : {},
    });
    const cold = await burst(lambda);
    const warm = await burst(lambda);
    console.log(
      `${sdk ? 'SDK   ' : 'no SDK'} cap ${String(cap).padStart(2)}: cold ${cold.ms.toFixed(0)} ms ` +
        `(${cold.pids} environments, ${cold.failed} failed), ` +
        `warm ${warm.ms.toFixed(0)} ms`,
    );
  } finally {
    await lambda.stop();
  }
}

const codeDir = await mkdtemp(join(tmpdir(), 'tether-bench-'));
try {
  await writeFile(join(codeDir, 'index.js'), handler);
  console.log(
    `${BURST} invocations at once; ${availableParallelism()} cores; ` +
      `default cap ${LAMBDA_DEFAULTS.maxEnvironmentsPerFunction}`,
  );
  for (const sdk of [false, true]) {
    for (const cap of CAPS) await measure(codeDir, cap, sdk);
  }
} finally {
  await rm(codeDir, { recursive: true, force: true });
}
