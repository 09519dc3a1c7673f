import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCdkApp } from '../../src/internal/cdk-app.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tether-cli-app-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function codeOf(work: Promise<unknown>) {
  return work.then(
    () => undefined,
    (error: { code?: string }) => error.code,
  );
}

describe('findCdkApp', () => {
  it('reads the app command from cdk.json in the working directory', async () => {
    await writeFile(path.join(root, 'cdk.json'), '{"app":"node app.js"}');

    const app = await findCdkApp(undefined, root);

    expect(app).toEqual({
      directory: root,
      command: 'node app.js',
      name: path.basename(root),
    });
  });

  it('takes --app as a folder when it names one', async () => {
    const app = await findCdkApp(path.basename(root), path.dirname(root));

    expect(app.directory).toBe(root);
  });

  it('takes --app as the app command otherwise', async () => {
    const app = await findCdkApp('npx ts-node bin/app.ts', root);

    expect(app).toMatchObject({
      directory: root,
      command: 'npx ts-node bin/app.ts',
    });
  });

  it('fails with APP_NOT_FOUND without cdk.json', async () => {
    const empty = await mkdtemp(path.join(root, 'empty-'));

    expect(await codeOf(findCdkApp(undefined, empty))).toBe('APP_NOT_FOUND');
  });

  it('fails with APP_NOT_FOUND when cdk.json has no app', async () => {
    const folder = await mkdtemp(path.join(root, 'noapp-'));
    await writeFile(path.join(folder, 'cdk.json'), '{"context":{}}');

    expect(await codeOf(findCdkApp(undefined, folder))).toBe('APP_NOT_FOUND');
  });

  it('fails with APP_NOT_FOUND when cdk.json is not JSON', async () => {
    const folder = await mkdtemp(path.join(root, 'bad-'));
    await writeFile(path.join(folder, 'cdk.json'), '{app:');

    expect(await codeOf(findCdkApp(undefined, folder))).toBe('APP_NOT_FOUND');
  });
});
