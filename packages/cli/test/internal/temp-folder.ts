import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** A temporary folder for the file's tests, removed after them. */
export function useTempFolder(prefix: string): () => string {
  let folder: string | undefined;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (folder !== undefined)
      await rm(folder, { recursive: true, force: true });
  });
  return () => {
    if (folder === undefined) throw new Error('used outside a test');
    return folder;
  };
}

/** The `code` a promise rejects with, or undefined when it resolves. */
export const codeOf = (work: Promise<unknown>) =>
  work.then(
    () => undefined,
    (error: { code?: string }) => error.code,
  );
