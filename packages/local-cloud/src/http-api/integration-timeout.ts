import type { InvokeOutcome } from '../lambda-invoker.js';

/**
 * The outcome of an integration, or `'timeout'` when the function has not
 * answered within `timeoutMs`: API Gateway then answers on its own while
 * the invocation runs on. The signal given to `invoke` aborts then, so an
 * invocation still waiting for an environment does not start.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
 */
export function withinTimeout(
  invoke: (signal: AbortSignal) => Promise<InvokeOutcome>,
  timeoutMs: number,
): Promise<InvokeOutcome | 'timeout'> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('timeout');
    }, timeoutMs);
  });
  return Promise.race([invoke(controller.signal), expired]).finally(() =>
    clearTimeout(timer),
  );
}
