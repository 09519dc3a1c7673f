/**
 * What a Lambda invocation came to, as API Gateway sees it: the handler's
 * result, or Lambda's error shape (a handler error, a timeout, a function
 * that does not exist).
 */
export type InvokeOutcome =
  | { ok: true; result: unknown }
  | {
      ok: false;
      error: { errorType: string; errorMessage: string; trace?: string[] };
    };

/**
 * The one door from the API Gateway emulations to the Lambda service: a
 * synchronous (RequestResponse) invocation of a function by name. An API
 * aborts `signal` when its integration timeout answers the client, so an
 * invocation still waiting for a free environment never runs.
 */
export interface LambdaInvoker {
  invoke(
    functionName: string,
    event: unknown,
    options?: { clientContext?: unknown; signal?: AbortSignal },
  ): Promise<InvokeOutcome>;
}
