import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A fresh folder for a cloud assembly, removed after the file's tests. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tether-test-'));
  made.push(dir);
  return dir;
}
