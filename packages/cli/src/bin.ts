#!/usr/bin/env node
import { main } from './main.js';

// The AWS SDK warns on every run that its 2027 releases need Node.js 22.
// Lambda runs 22 and 24; on this machine the user can do nothing about it,
// so the CLI and what it starts (local functions, the runner's
// environments) leave it out, unless the user decided otherwise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

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
// A pipe is written asynchronously: exiting before it drains would cut
// the output (`tether invoke … | jq` lost all but the first 64 KB). A write
// calls back once everything queued before it is out.
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}
// A reader that left early (`| head`) is no failure of the command.
function ignoreClosedReader(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') throw error;
}
process.stdout.on('error', ignoreClosedReader);
process.stderr.on('error', ignoreClosedReader);
await Promise.all([drained(process.stdout), drained(process.stderr)]);
// Everything the command started has been stopped by now; exiting here
// also ends any handle a library forgot to close.
process.exit(code);
