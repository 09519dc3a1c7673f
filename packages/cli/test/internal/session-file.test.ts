import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertStageFree,
  readSession,
  type Session,
  sessionPath,
  writeSession,
} from '../../src/internal/session-file.js';

let root: string;

const session = (pid: number): Session => ({
  version: 1,
  pid,
  target: 'local',
  app: 'demo',
  stage: 'alice',
  region: 'us-east-1',
  lambdaEndpoint: 'http://127.0.0.1:9',
  functions: [],
});

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tether-cli-session-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const codeOf = (work: Promise<unknown>) =>
  work.then(
    () => undefined,
    (error: { code?: string }) => error.code,
  );

describe('session file', () => {
  it('reads back the session of a running process', async () => {
    const remove = await writeSession(root, session(process.pid));

    const read = await readSession(root, 'alice');
    await remove();

    expect(read).toEqual(session(process.pid));
  });

  it('fails with NO_SESSION once removed', async () => {
    const remove = await writeSession(root, session(process.pid));

    await remove();

    expect(await codeOf(readSession(root, 'alice'))).toBe('NO_SESSION');
  });

  it('fails with NO_SESSION when its process is gone', async () => {
    // Pids are below 2^22 on Linux: this one cannot be running.
    await writeSession(root, session(2 ** 22 + 1));

    expect(await codeOf(readSession(root, 'alice'))).toBe('NO_SESSION');
  });

  it('fails with NO_SESSION on a damaged file', async () => {
    await writeFile(sessionPath(root, 'bob'), '{');

    expect(await codeOf(readSession(root, 'bob'))).toBe('NO_SESSION');
  });

  it('leaves the session another process wrote in its place', async () => {
    const remove = await writeSession(root, session(process.pid));
    await writeSession(root, session(process.ppid));

    await remove();

    expect((await readSession(root, 'alice')).pid).toBe(process.ppid);
  });

  it('fails with STAGE_BUSY while another live process holds the stage', async () => {
    await writeSession(root, session(process.ppid));

    const code = await codeOf(assertStageFree(root, 'alice'));

    expect(code).toBe('STAGE_BUSY');
  });

  it('lets the stage be taken when its process is gone', async () => {
    await writeSession(root, session(2 ** 22 + 1));

    const code = await codeOf(assertStageFree(root, 'alice'));

    expect(code).toBeUndefined();
  });
});
