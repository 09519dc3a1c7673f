import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

// Runs the CDK app command on behalf of the toolkit, in a process group of
// its own, so that the CLI can stop a synthesis in progress: on SIGTERM or
// SIGINT the whole group (the shell, node, esbuild) is stopped. Everything
// else (stdio, environment, exit code) passes through unchanged.

const command = process.env.TETHER_APP_COMMAND;
const pidFile = process.env.TETHER_APP_PIDFILE;

if (command === undefined) {
  process.stderr.write('app-launcher: TETHER_APP_COMMAND is not set\n');
  process.exit(2);
}
if (pidFile !== undefined) writeFileSync(pidFile, String(process.pid));

const child = spawn(command, {
  shell: true,
  stdio: 'inherit',
  detached: process.platform !== 'win32',
});

function stop(signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // The group has already ended.
  }
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
child.on('error', (error) => {
  process.stderr.write(`app-launcher: ${error.message}\n`);
  process.exitCode = 1;
});
