import {
  cp,
  mkdtemp,
  readFile,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BaseCredentials,
  CdkAppMultiContext,
  Toolkit,
} from '@aws-cdk/toolkit-lib';
import { CONTEXT_KEYS, LIVE_MANIFEST_FILE } from '@tether/debug-stack';
import { parseManifest } from '@tether/runner';

/** The repository's root, from this file's folder. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

const SKIPPED = new Set(['node_modules', 'cdk.out', '.tether']);

/**
 * Copies examples/http-api into a new temporary folder, as a user's
 * checkout would be (node_modules linked to the repository's, a lock file
 * marking the project root), so the bench can edit its handlers freely.
 * @returns the app folder and a function that removes the copy.
 */
export async function copyExample() {
  const root = await mkdtemp(path.join(tmpdir(), 'tether-bench-'));
  const app = path.join(root, 'http-api');
  await cp(path.join(REPO_ROOT, 'examples/http-api'), app, {
    recursive: true,
    filter: (source) => !SKIPPED.has(path.basename(source)),
  });
  await symlink(
    path.join(REPO_ROOT, 'node_modules'),
    path.join(app, 'node_modules'),
  );
  await writeFile(
    path.join(app, 'package-lock.json'),
    '{"lockfileVersion":3}\n',
  );
  return {
    root,
    app,
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

const silentIoHost = {
  notify: async () => {},
  requestResponse: async (msg) => msg.defaultResponse,
};

/**
 * Synthesizes the app in live mode as `tether dev --local` does (the CDK
 * toolkit library, the app command of cdk.json, the live context), and
 * reads its live manifest.
 */
export async function synthesizeLive({ app, outdir, stage, region, account }) {
  const config = JSON.parse(await readFile(path.join(app, 'cdk.json'), 'utf8'));
  const toolkit = new Toolkit({
    ioHost: silentIoHost,
    color: false,
    emojis: false,
    sdkConfig: { baseCredentials: BaseCredentials.none() },
  });
  const source = await toolkit.fromCdkApp(config.app, {
    workingDirectory: app,
    outdir,
    contextStore: new CdkAppMultiContext(app, {
      [CONTEXT_KEYS.live]: true,
      [CONTEXT_KEYS.stage]: stage,
    }),
    env: { CDK_DEFAULT_REGION: region, CDK_DEFAULT_ACCOUNT: account },
    lookups: false,
    resolveDefaultEnvironment: false,
  });
  const assembly = await toolkit.synth(source);
  const directory = assembly.cloudAssembly.directory;
  const manifest = await readLiveManifest(directory);
  return { directory, manifest, dispose: () => assembly.dispose() };
}

/** The live manifest of a cloud assembly, checked by the runner's parser. */
export async function readLiveManifest(directory) {
  const file = path.join(directory, LIVE_MANIFEST_FILE);
  return parseManifest(JSON.parse(await readFile(file, 'utf8')));
}
