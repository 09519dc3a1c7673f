// Bundles the relay into the single-file CommonJS asset that the debug
// stack deploys behind its WebSocket routes (contract section 7).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = resolve(root, 'dist/asset');

await mkdir(outdir, { recursive: true });
const result = await build({
  entryPoints: [resolve(root, 'src/handler.ts')],
  outfile: resolve(outdir, 'index.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // ESM builds tree-shake: @smithy/core's CJS barrel would add 130 KB.
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  external: ['@aws-sdk/*'],
});
// The package is ESM: this folder's own package.json makes Node and
// Lambda load index.js as CommonJS.
await writeFile(resolve(outdir, 'package.json'), '{"type":"commonjs"}\n');
const bytes = Object.values(result.metafile.outputs)[0].bytes;
process.stdout.write(`relay asset: ${bytes} bytes\n`);
