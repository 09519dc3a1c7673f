import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CliError } from '../errors.js';
import type { CleanupStack } from '../internal/cleanup-stack.js';
import type { Reporter } from '../render/reporter.js';

/** What every command gets from `main`. */
export interface CommandContext {
  reporter: Reporter;
  /** Aborted on the first Ctrl-C or SIGTERM. */
  signal: AbortSignal;
}

/**
 * Throws `INTERRUPTED` when Ctrl-C came during start-up, so the command
 * unwinds what it started instead of starting more.
 */
export function checkInterrupted(signal: AbortSignal): void {
  if (signal.aborted) {
    throw new CliError('INTERRUPTED', 'interrupted', {
      hint: 'everything started so far was stopped',
    });
  }
}

/** Resolves when `signal` aborts. */
export function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

/** A private temporary folder, removed by `cleanup`. */
export async function makeTempDir(cleanup: CleanupStack): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tether-'));
  cleanup.defer(`temporary folder ${dir}`, () =>
    rm(dir, { recursive: true, force: true }),
  );
  return dir;
}
