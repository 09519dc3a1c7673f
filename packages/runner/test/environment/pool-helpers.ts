import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createEnvironmentPool,
  type EnvironmentOutput,
  type EnvironmentPool,
  type EnvironmentPoolOptions,
} from '@tether/runner';

/** Makes pools over the test handlers and stops them all at the end. */
export function poolFactory(dir: () => string) {
  const pools: EnvironmentPool[] = [];
  const make = (
    exportName: string,
    options: Partial<EnvironmentPoolOptions> & { file?: string } = {},
  ): EnvironmentPool => {
    const { file = 'handlers.mjs', ...rest } = options;
    const pool = createEnvironmentPool({
      functionName: 'test-function',
      code: { file: path.join(dir(), file), exportName },
      ...rest,
    });
    pools.push(pool);
    return pool;
  };
  const stopAll = async (): Promise<void> => {
    await Promise.all(pools.splice(0).map((pool) => pool.stop()));
  };
  return { make, stopAll };
}

/** Gathers the output a pool delivers. */
export function outputSink() {
  const pieces: EnvironmentOutput[] = [];
  return {
    pieces,
    onOutput: (output: EnvironmentOutput) => pieces.push(output),
    textOf: (requestId: string) =>
      pieces
        .filter((piece) => piece.requestId === requestId)
        .map((piece) => piece.text)
        .join(''),
  };
}

/**
 * Whether a process runs: a zombie (ended, not yet reaped by whoever
 * adopted it) does not.
 */
export function isRunning(pid: number): boolean {
  if (!existsSync('/proc/self')) return signalable(pid);
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
