import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LIVE_MANIFEST_FILE } from '@tether/debug-stack';
import { REPO_ROOT } from './example-app.mjs';

const CACHE = path.join(REPO_ROOT, 'bench/.cache');
// What the synthesized assembly depends on besides aws-cdk-lib.
const INPUTS = [
  'examples/http-api/bin',
  'examples/http-api/lib',
  'examples/http-api/src',
  'examples/http-api/cdk.json',
  'packages/debug-stack/dist',
  'packages/stub/dist/asset',
  'packages/relay/dist/asset',
];

async function* filesUnder(target) {
  let entries;
  try {
    entries = await readdir(target, { withFileTypes: true });
  } catch {
    yield target;
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else yield full;
  }
}

async function inputsHash(stage) {
  const hash = createHash('sha256').update(stage);
  for (const input of INPUTS) {
    for await (const file of filesUnder(path.join(REPO_ROOT, input))) {
      hash.update(path.relative(REPO_ROOT, file));
      hash.update(await readFile(file).catch(() => ''));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * A cloud assembly synthesized earlier from the same sources, copied to
 * `outdir` with the live manifest's paths moved to `app`; or `undefined`.
 * Only `--quick` uses it: a full run always synthesizes.
 */
export async function restoreAssembly({ stage, app, outdir }) {
  const key = await inputsHash(stage);
  const entry = path.join(CACHE, key);
  let meta;
  try {
    meta = JSON.parse(await readFile(path.join(entry, 'meta.json'), 'utf8'));
  } catch {
    return { key, restored: false };
  }
  await cp(path.join(entry, 'cdk.out'), outdir, { recursive: true });
  const file = path.join(outdir, LIVE_MANIFEST_FILE);
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.replaceAll(meta.app, app));
  return { key, restored: true };
}

/** Keeps `outdir` for the next `--quick` run, under `key`. */
export async function saveAssembly({ key, app, outdir }) {
  const entry = path.join(CACHE, key);
  await rm(CACHE, { recursive: true, force: true });
  await mkdir(entry, { recursive: true });
  await cp(outdir, path.join(entry, 'cdk.out'), { recursive: true });
  await writeFile(path.join(entry, 'meta.json'), JSON.stringify({ app }));
}
