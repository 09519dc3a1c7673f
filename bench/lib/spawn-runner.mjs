import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

/**
 * Starts a runner in a process of its own (its memory can be read; its
 * process starts do not stall the harness's event loop). Resolves once it
 * is registered, with its process and `stop()`.
 */
export async function spawnRunner(options) {
  const child = spawn(
    process.execPath,
    [
      path.join(import.meta.dirname, 'runner-process.mjs'),
      JSON.stringify(options),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited.catch(() => {});
  };
  try {
    await Promise.race([
      once(child.stdout, 'data'),
      exited.then(([code]) => {
        throw new Error(`the runner process exited with ${code}`);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, stop };
}
