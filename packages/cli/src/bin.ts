#!/usr/bin/env node
import { main } from './main.js';

// The AWS SDK warns on every run that its 2027 releases need Node 22; the
// user can do nothing about it here, so it is left out. Other warnings
// still show.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (`${warning.name} ${warning.message}`.includes('NodeVersionSupport')) {
    return;
  }
  process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

const controller = new AbortController();

// First Ctrl-C (or SIGTERM): stop everything cleanly. A second one: leave
// at once, for when a clean stop hangs.
function onSignal(): void {
  if (controller.signal.aborted) process.exit(130);
  controller.abort();
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
// Everything the command started has been stopped by now; exiting here
// also ends any handle a library forgot to close.
process.exit(code);
