import type { InvokeOutcome } from '../lambda-invoker.js';

/**
 * The outcome of an integration, or `'timeout'` when the function has not
 * answered within `timeoutMs`: API Gateway then answers on its own while
 * the invocation runs on.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
 */
export function withinTimeout(
  invocation: Promise<InvokeOutcome>,
  timeoutMs: number,
): Promise<InvokeOutcome | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  return Promise.race([invocation, expired]).finally(() => clearTimeout(timer));
}
