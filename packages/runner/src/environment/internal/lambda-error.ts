import type { LambdaError } from '../types.js';

function isErrorLike(value: unknown): value is Error {
  return (
    value instanceof Error ||
    (typeof value === 'object' &&
      value !== null &&
      'message' in value &&
      'name' in value)
  );
}

/**
 * Lambda's shape of a thrown or rejected value: an error's name, message
 * and stack lines; for anything else its type and text, as the Node.js
 * runtime reports them.
 */
export function toLambdaError(value: unknown): LambdaError {
  try {
    if (isErrorLike(value)) {
      return {
        errorType: String(value.name),
        errorMessage: String(value.message),
        trace: typeof value.stack === 'string' ? value.stack.split('\n') : [],
      };
    }
    return { errorType: typeof value, errorMessage: String(value), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem ' +
        'while retrieving one or more of its message, name, and stack',
    };
  }
}

/** A runtime error (`Runtime.*`) whose message is the error's text. */
export function toRuntimeError(errorType: string, value: unknown): LambdaError {
  const shaped = toLambdaError(value);
  const text = isErrorLike(value)
    ? `${shaped.errorType}: ${shaped.errorMessage}`
    : shaped.errorMessage;
  return {
    errorType,
    errorMessage: text,
    trace: [`${errorType}: ${text}`, ...(shaped.trace ?? []).slice(1)],
  };
}

/** Lambda's timeout error. */
export function timeoutError(requestId: string, seconds: number): LambdaError {
  return {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds.toFixed(2)} seconds`,
  };
}

/**
 * Lambda's timeout error for an environment whose init (process start
 * and the handler module's top-level code) ran out of time: Lambda logs
 * it as `INIT_REPORT … Phase: init Status: timeout`.
 */
export function initTimeoutError(
  requestId: string,
  seconds: number,
): LambdaError {
  const phase = '(INIT_REPORT Phase: init Status: timeout)';
  return {
    errorType: 'Sandbox.Timedout',
    errorMessage:
      `RequestId: ${requestId} Error: Init timed out after ` +
      `${seconds.toFixed(2)} seconds: the handler's module was still ` +
      `loading ${phase}`,
  };
}

// Lambda words these like Go's os/exec ProcessState.String().
const SIGNAL_WORDS: Readonly<Record<string, string>> = Object.freeze({
  SIGKILL: 'killed',
  SIGABRT: 'aborted (core dumped)',
  SIGSEGV: 'segmentation fault',
  SIGTERM: 'terminated',
  SIGBUS: 'bus error',
  SIGILL: 'illegal instruction',
  SIGINT: 'interrupt',
});

/** Lambda's error for a runtime process that exited mid-invocation. */
export function exitError(
  requestId: string,
  code: number | null,
  signal: string | null,
): LambdaError {
  let reason = 'Runtime exited without providing a reason';
  if (signal) {
    const words = SIGNAL_WORDS[signal] ?? signal;
    reason = `Runtime exited with error: signal: ${words}`;
  } else if (code) {
    reason = `Runtime exited with error: exit status ${code}`;
  }
  return {
    errorType: 'Runtime.ExitError',
    errorMessage: `RequestId: ${requestId} Error: ${reason}`,
  };
}
