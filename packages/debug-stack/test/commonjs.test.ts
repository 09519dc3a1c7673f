import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { tempDir } from './helpers/temp-dir.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const fixtures = path.join(import.meta.dirname, 'fixtures/cjs');
const env = { ...process.env, CDK_VALIDATION: 'false' };

function liveIds(stdout: string): string[] {
  const manifest = JSON.parse(stdout);
  return manifest.functions.map((f: { id: string }) => f.id);
}

// Runs against the built dist/ (`npx tsc -b packages/debug-stack` first).
it('works from a CommonJS CDK app through require', async () => {
  const outdir = tempDir();
  const script = path.join(fixtures, 'app.cjs');

  const { stdout } = await run(process.execPath, [script, outdir], { env });

  expect(JSON.parse(stdout).relay.stack).toBe('TetherDebug-legacy-cjs');
  expect(liveIds(stdout)).toEqual(['Fn']);
});

it('works from a TypeScript app that tsx runs as CommonJS', async () => {
  const outdir = tempDir();
  const tsx = require.resolve('tsx/cli');

  const { stdout } = await run(process.execPath, [tsx, 'app.ts', outdir], {
    env,
    cwd: fixtures,
  });

  expect(liveIds(stdout)).toEqual(['Fn']);
});
