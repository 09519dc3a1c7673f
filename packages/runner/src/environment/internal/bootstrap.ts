import { url } from 'node:inspector';
import { register } from 'node:module';
import path from 'node:path';
import type { LambdaError } from '../types.js';
import { captureOutput } from './capture-output.js';
import { toLambdaError, toRuntimeError } from './lambda-error.js';
import { loadHandler } from './load-handler.js';
import type { ChildMessage, ParentMessage } from './messages.js';
import { runInvocation } from './run-invocation.js';

// The entry point of one execution environment, started by the pool with
// child_process.fork: argv carries the handler file and export name.
const [file = '', exportName = ''] = process.argv.slice(2);
process.argv.splice(2);

let current: { requestId: string; started: number } | undefined;
let initializing = true;
let exiting = false;

function send(message: ChildMessage, then?: () => void): void {
  if (!process.connected) return;
  process.send?.(message, undefined, undefined, () => then?.());
}

const output = captureOutput((message) => send(message));

function sendAndExit(message: ChildMessage, code: number): void {
  output.flush();
  send(message, () => process.exit(code));
  if (!process.connected) process.exit(code);
}

// An error escaping the handler ends the environment, as on Lambda; the
// invocation under way reports it. `label` is the runtime's log label.
function die(error: LambdaError, label: string): void {
  if (current) {
    const durationMs = performance.now() - current.started;
    const { requestId } = current;
    current = undefined;
    sendAndExit(
      { type: 'error', requestId, error, durationMs, fatal: true },
      129,
    );
  } else if (initializing) {
    sendAndExit({ type: 'init-error', error }, 129);
  } else {
    // Idle (a rejection or a timer after the answer): the pool is told, so
    // an invocation already on its way is run elsewhere, not blamed. No
    // invocation carries the error: the output, tagged with the last
    // request, is where the developer sees it, as Lambda's log shows it.
    exiting = true;
    const { errorType, errorMessage, trace: stack } = error;
    const detail = JSON.stringify({ errorType, errorMessage, stack });
    process.stderr.write(`ERROR\t${label} \t${detail}\n`);
    sendAndExit({ type: 'exiting' }, 129);
  }
}

process.on('uncaughtException', (error) =>
  die(toLambdaError(error), 'Uncaught Exception'),
);
process.on('unhandledRejection', (reason) =>
  die(
    toRuntimeError('Runtime.UnhandledPromiseRejection', reason),
    'Unhandled Promise Rejection',
  ),
);
process.on('disconnect', () => process.exit(0));

// ES modules ignore NODE_PATH, yet Lambda's runtime lets them import the
// SDK it provides there. The hooks cost a loader thread, so they are only
// registered once an import has failed.
function registerNodePath(): boolean {
  const folders = (process.env.NODE_PATH ?? '')
    .split(path.delimiter)
    .filter((folder) => folder !== '');
  if (folders.length === 0) return false;
  const hooks = new URL('./node-path-hooks.js', import.meta.url);
  register(hooks, { data: { folders } });
  return true;
}

async function main(): Promise<void> {
  const loaded = await loadHandler(file, exportName, registerNodePath).catch(
    (error: unknown) => ({ ok: false as const, error: toLambdaError(error) }),
  );
  initializing = false;
  if (!loaded.ok) {
    sendAndExit({ type: 'init-error', error: loaded.error }, 1);
    return;
  }
  process.on('message', (message: ParentMessage) => {
    if (message.type !== 'invoke' || exiting) return;
    current = {
      requestId: message.context.awsRequestId,
      started: performance.now(),
    };
    process.channel?.unref();
    runInvocation(loaded.handler, message, (answer) => {
      current = undefined;
      output.flush();
      process.channel?.ref();
      send(answer);
    });
  });
  output.flush();
  const inspectorUrl = url();
  send({ type: 'ready', initMs: performance.now(), inspectorUrl });
}

void main();
