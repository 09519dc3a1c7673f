import type { WireContext } from './messages.js';

/** How the context's legacy methods end the invocation. */
export interface ContextControls {
  succeed(result: unknown): void;
  fail(error: unknown): void;
  waitsForEmptyEventLoop: boolean;
}

/**
 * The context object the handler receives, with the fields and methods
 * of Lambda's Node.js runtime; `memoryLimitInMB` is a string there too.
 */
export function createLambdaContext(
  wire: WireContext,
  controls: ContextControls,
): Record<string, unknown> {
  const context: Record<string, unknown> = {
    functionName: wire.functionName,
    functionVersion: wire.functionVersion,
    invokedFunctionArn: wire.invokedFunctionArn,
    memoryLimitInMB: wire.memoryLimitInMB,
    awsRequestId: wire.awsRequestId,
    logGroupName: wire.logGroupName,
    logStreamName: wire.logStreamName,
    identity: wire.identity,
    clientContext: wire.clientContext,
    getRemainingTimeInMillis: () => Math.max(0, wire.deadline - Date.now()),
    succeed: (result: unknown) => controls.succeed(result),
    fail: (error: unknown) => controls.fail(error ?? 'handled'),
    done: (error: unknown, result: unknown) =>
      error === undefined || error === null
        ? controls.succeed(result)
        : controls.fail(error),
  };
  Object.defineProperty(context, 'callbackWaitsForEmptyEventLoop', {
    enumerable: true,
    get: () => controls.waitsForEmptyEventLoop,
    set: (value: unknown) => {
      controls.waitsForEmptyEventLoop = Boolean(value);
    },
  });
  return context;
}
