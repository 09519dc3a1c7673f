// Bundles a package's Lambda handler into the single-file CommonJS asset
// that the debug stack deploys (contract section 7). The stub and the relay
// both build theirs with it.
//
// Usage: node build-lambda-asset.mjs <package dir> --name <label>
//          [--external <module>]...
// Bundles <package dir>/src/handler.ts into <package dir>/dist/asset/.
// `@aws-sdk/*` is always external: Lambda's Node.js runtime provides it.
// The stub adds `--external bufferutil --external utf-8-validate`: ws
// loads those native accelerators only when present.
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    external: { type: 'string', multiple: true, default: [] },
  },
});
if (positionals.length !== 1 || values.name === undefined) {
  throw new Error(
    'usage: build-lambda-asset.mjs <package dir> --name <label> ' +
      '[--external <module>]...',
  );
}
const root = resolve(positionals[0]);
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
  legalComments: 'none',
  metafile: true,
  external: ['@aws-sdk/*', ...values.external],
});
// The packages are ESM: this folder's own package.json makes Node and
// Lambda load index.js as CommonJS.
await writeFile(resolve(outdir, 'package.json'), '{"type":"commonjs"}\n');
const bytes = Object.values(result.metafile.outputs)[0].bytes;
process.stdout.write(`${values.name} asset: ${bytes} bytes\n`);
