import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../../src/index.js';
import { synthesizeInlineApp } from './fixtures/test-app.js';
import { startTestCloud } from './helpers/test-host.js';

let root: string;
const dirs: Record<string, string> = {};
let cloud: LocalCloud;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tether-redeploy-'));
  dirs.one = synthesizeInlineApp(path.join(root, 'one'), { message: 'one' });
  dirs.two = synthesizeInlineApp(path.join(root, 'two'), {
    message: 'two',
    extra: true,
  });
  dirs.broken = synthesizeInlineApp(path.join(root, 'broken'), {
    message: 'three',
    extra: true,
    duplicateName: true,
  });
  cloud = await startTestCloud();
}, 60_000);

afterAll(async () => {
  await cloud?.stop();
  await rm(root, { recursive: true, force: true });
});

async function answer(url: string): Promise<string> {
  const response = await fetch(url);
  return response.text();
}

function names(): string[] {
  return cloud.lambda
    .listFunctions()
    .map((f) => f.name)
    .sort();
}

describe('a second deploy', () => {
  it('keeps what did not change running, warm, at the same URL', async () => {
    const first = await cloud.deployAssembly(dirs.one as string);
    const url = first.apis[0]?.url as string;
    await answer(url);

    const again = await cloud.deployAssembly(dirs.one as string);

    expect(again.apis[0]?.url).toBe(url);
    expect(await answer(url)).toBe('one2');
  });

  it('updates a changed function and adds a new one', async () => {
    const before = names();

    const app = await cloud.deployAssembly(dirs.two as string);

    expect(await answer(app.apis[0]?.url as string)).toBe('two1');
    expect(names()).toEqual(
      [
        ...before,
        app.functions.find((f) => f.logicalId.startsWith('Extra'))?.name,
      ].sort(),
    );
  });

  it('removes what the assembly no longer has', async () => {
    const app = await cloud.deployAssembly(dirs.one as string);

    expect(names()).toEqual(app.functions.map((f) => f.name).sort());
    // Synthesized without path metadata: the paths come from the manifest.
    expect(app.functions.map((f) => f.constructPath).sort()).toEqual([
      'Small/FromAsset',
      'Small/Hello',
    ]);
  });

  it('rolls a failed deploy back and leaves the app as it ran', async () => {
    const running = await cloud.deployAssembly(dirs.one as string);
    const before = names();

    const failed = cloud.deployAssembly(dirs.broken as string);

    await expect(failed).rejects.toMatchObject({ code: 'DEPLOY_FAILED' });
    expect(names()).toEqual(before);
    expect(await answer(running.apis[0]?.url as string)).toMatch(/^one\d+$/);
  });

  it('deploys again into a cloud persisted by an earlier run', async () => {
    const persistDir = path.join(root, 'persist');
    const earlier = await startLocalCloud({ persistDir });
    await earlier.deployAssembly(dirs.one as string);
    await earlier.stop();
    const later = await startLocalCloud({ persistDir });

    const app = later.deployAssembly(dirs.one as string);

    await expect(app).resolves.toMatchObject({ warnings: [] });
    await later.stop();
  });

  it('stops the app with the cloud', async () => {
    const other = await startTestCloud();
    const app = await other.deployAssembly(dirs.one as string);
    const url = app.apis[0]?.url as string;

    await other.stop();

    await expect(fetch(url)).rejects.toThrow();
  });
});
