import type { InvokeOutcome } from '../lambda-invoker.js';
import type { ApiRuntime } from './api-runtime.js';

/** What came of calling an integration, as API Gateway tells them apart. */
export type IntegrationOutcome =
  | InvokeOutcome
  | { ok: false; timedOut: true; error?: undefined };

/**
 * Invokes a Lambda integration, waiting at most `timeoutMs` (API Gateway's
 * integration timeout; the function itself runs on). A rejected invoke
 * counts as a failed integration.
 */
export async function invokeIntegration(
  runtime: ApiRuntime,
  functionName: string,
  event: unknown,
): Promise<IntegrationOutcome> {
  const { invoker, logger, quotas } = runtime.options;
  const timeoutMs = quotas.integrationTimeoutMs;
  // Aborted with the timeout: an invocation still waiting for a free
  // environment then never runs for a client already answered.
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<IntegrationOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, timedOut: true });
    }, timeoutMs);
  });
  const call = invoker
    .invoke(functionName, event, { signal: controller.signal })
    .catch((cause: unknown): InvokeOutcome => {
      logger.error(`invoke of ${functionName} failed`, cause);
      const errorMessage = cause instanceof Error ? cause.message : '';
      return { ok: false, error: { errorType: 'InvokeFailed', errorMessage } };
    });
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The HTTP status a `$connect` proxy result asks for: its `statusCode`, or
 * 200 when the result has none (a handler that returns nothing accepts).
 */
export function connectStatus(result: unknown): number {
  if (typeof result === 'object' && result !== null) {
    const status = (result as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && Number.isInteger(status)) {
      return status;
    }
    if (typeof status === 'string' && /^\d{3}$/.test(status)) {
      return Number(status);
    }
  }
  return 200;
}

/**
 * What a two-way route sends back from a proxy result: its `body` (JSON
 * text when it is not a string), or nothing when there is no body.
 */
export function routeResponseBody(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) {
    return undefined;
  }
  const body = (result as { body?: unknown }).body;
  if (body === undefined || body === null) {
    return undefined;
  }
  return typeof body === 'string' ? body : JSON.stringify(body);
}
