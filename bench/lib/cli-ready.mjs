import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { copyExample, REPO_ROOT } from './example-app.mjs';

const CLI = path.join(REPO_ROOT, 'packages/cli/dist/bin.js');

/**
 * From spawning `tether dev --local` on a fresh copy of the example to
 * its outputs file (written once the runner is connected: ready), then
 * how long Ctrl-C takes to end it.
 */
export async function measureCliReady({ timeoutMs = 180_000 } = {}) {
  const copy = await copyExample();
  const outputs = path.join(copy.root, 'outputs.json');
  const start = performance.now();
  const child = spawn(
    process.execPath,
    [CLI, 'dev', '--local', '--stage', 'benchcli', '--outputs-file', outputs],
    {
      cwd: copy.app,
      env: { ...process.env, NO_COLOR: '1', TMPDIR: copy.root },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit');
  try {
    while (performance.now() - start < timeoutMs) {
      if (child.exitCode !== null) {
        throw new Error(
          `tether dev exited ${child.exitCode}: ${stderr.slice(-500)}`,
        );
      }
      const ready = await access(outputs).then(
        () => true,
        () => false,
      );
      if (ready) {
        const readyMs = performance.now() - start;
        const stopStart = performance.now();
        child.kill('SIGINT');
        await exited;
        return { readyMs, stopMs: performance.now() - stopStart };
      }
      await sleep(50);
    }
    throw new Error(`tether dev was not ready in ${timeoutMs} ms`);
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    await copy.remove();
  }
}
