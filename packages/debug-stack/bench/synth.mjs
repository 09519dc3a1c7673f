// Measures a synth of an app with N NodejsFunctions three ways: without
// Tether, with Tether and live mode off, and in live mode. Run after
// `npx tsc -b packages/debug-stack`:
//   npm run bench -w @tether/debug-stack
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Tether } from '../dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const entry = path.join(here, '../test/fixtures/app/handlers/hello.ts');
const lockFile = path.resolve(here, '../../../package-lock.json');
const FUNCTIONS = 10;
const ROUNDS = 3;

process.env.CDK_VALIDATION = 'false';

function synth(mode) {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'tether-bench-'));
  const live = { 'tether:live': 'true', 'tether:stage': 'bench' };
  const started = performance.now();
  const app = new App({ outdir, context: mode === 'live' ? live : {} });
  if (mode !== 'without') Tether.enable(app, { app: 'bench' });
  const stack = new Stack(app, 'Bench');
  for (let i = 0; i < FUNCTIONS; i++) {
    new NodejsFunction(stack, `Fn${i}`, {
      entry,
      runtime: Runtime.NODEJS_22_X,
      depsLockFilePath: lockFile,
    });
  }
  app.synth();
  const elapsed = performance.now() - started;
  rmSync(outdir, { recursive: true, force: true });
  return elapsed;
}

synth('live'); // warm the module cache
for (const mode of ['without', 'off', 'live']) {
  const times = Array.from({ length: ROUNDS }, () => synth(mode));
  const median = times.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
  console.log(
    `${mode.padEnd(8)} ${FUNCTIONS} NodejsFunctions: median ` +
      `${median.toFixed(0)} ms over ${ROUNDS} synths`,
  );
}
