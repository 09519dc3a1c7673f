import { createLambdaContext } from './lambda-context.js';
import { toLambdaError } from './lambda-error.js';
import type { Handler } from './load-handler.js';
import type { ChildMessage, ParentMessage } from './messages.js';

type Settled = Extract<ChildMessage, { type: 'result' | 'error' }>;

let onEmptyEventLoop: (() => void) | undefined;

// 'beforeExit' fires when the event loop has nothing left to do; the IPC
// channel is unreferenced while a handler runs, so it does not count.
process.on('beforeExit', () => {
  const action = onEmptyEventLoop;
  onEmptyEventLoop = undefined;
  action?.();
});

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function serialize(result: unknown): string {
  return JSON.stringify(result === undefined ? null : result) ?? 'null';
}

/**
 * Runs one invocation the way Lambda's Node.js runtime does: a returned
 * promise settles it at once; the callback settles it when the event loop
 * is empty (or at once when `callbackWaitsForEmptyEventLoop` is false); a
 * handler that does neither gets `null` once the event loop is empty.
 * The first answer wins.
 */
export function runInvocation(
  handler: Handler,
  message: ParentMessage,
  settle: (message: Settled) => void,
): void {
  const { succeed, fail } = answers(message.context.awsRequestId, settle);
  const controls = { succeed, fail, waitsForEmptyEventLoop: true };
  const callback = (error?: unknown, result?: unknown): void => {
    if (error !== undefined && error !== null) fail(error);
    else if (!controls.waitsForEmptyEventLoop) succeed(result);
    else onEmptyEventLoop = () => succeed(result);
  };
  onEmptyEventLoop = () => succeed(null);
  setTraceId(message.context.traceId);
  setVariables(message.context.variables ?? {});
  const context = createLambdaContext(message.context, controls);
  try {
    const returned = handler(message.event, context, callback);
    if (isThenable(returned)) returned.then(succeed, fail);
  } catch (error) {
    fail(error);
  }
}

// Lambda's Node.js runtime sets the trace header in process.env for each
// invocation; unset, no earlier invocation's header leaks into this one.
function setTraceId(traceId: string | undefined): void {
  if (traceId === undefined) delete process.env._X_AMZN_TRACE_ID;
  else process.env._X_AMZN_TRACE_ID = traceId;
}

// What differs between Lambda's execution environments (log stream,
// credentials) is set for each invocation instead of restarting.
function setVariables(variables: Readonly<Record<string, string | null>>) {
  for (const [name, value] of Object.entries(variables)) {
    if (value === null) delete process.env[name];
    else process.env[name] = value;
  }
}

// The two ways an invocation ends; only the first call counts.
function answers(requestId: string, settle: (message: Settled) => void) {
  const started = performance.now();
  let settled = false;
  const finish = (answer: Settled): void => {
    if (settled) return;
    settled = true;
    onEmptyEventLoop = undefined;
    settle(answer);
  };
  const elapsed = (): number => performance.now() - started;
  const fail = (error: unknown): void =>
    finish({
      type: 'error',
      requestId,
      error: toLambdaError(error),
      durationMs: elapsed(),
      fatal: false,
    });
  const succeed = (result: unknown): void => {
    let payload: string;
    try {
      payload = serialize(result);
    } catch (cause) {
      fail(new Error('Unable to stringify response body', { cause }));
      return;
    }
    finish({ type: 'result', requestId, payload, durationMs: elapsed() });
  };
  return { succeed, fail };
}
