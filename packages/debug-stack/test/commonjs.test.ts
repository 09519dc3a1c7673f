import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { tempDir } from './helpers/temp-dir.js';

const run = promisify(execFile);

// Runs against the built dist/ (`npx tsc -b packages/debug-stack` first).
it('works from a CommonJS CDK app through require', async () => {
  const outdir = tempDir();
  const script = path.join(import.meta.dirname, 'fixtures/cjs/app.cjs');

  const { stdout } = await run(process.execPath, [script, outdir], {
    env: { ...process.env, CDK_VALIDATION: 'false' },
  });

  const manifest = JSON.parse(stdout);
  expect(manifest.relay.stack).toBe('TetherDebug-legacy-cjs');
  expect(manifest.functions.map((f: { id: string }) => f.id)).toEqual(['Fn']);
});
