/** A Lambda-shaped error, as it goes back to the stub. */
export interface InvocationError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

/** What one invocation ended with. */
export type InvocationOutcome =
  | { status: 'ok'; result: unknown }
  | { status: 'error' | 'timeout'; error: InvocationError };

/** What the dispatcher asks a function host to run. */
export interface InvocationRequest {
  /** Live function id of the manifest. */
  functionId: string;
  /** Invocation id. */
  id: string;
  event: unknown;
  /** The context the stub sent (docs/contracts.md, section 1). */
  context: Record<string, unknown>;
  /** The function's environment as the stub forwarded it. */
  env: Record<string, string>;
  /** Epoch ms by which the invocation must finish. */
  deadline: number;
}

/** Runs invocations of the manifest's functions. */
export interface FunctionHost {
  invoke(request: InvocationRequest): Promise<InvocationOutcome>;
  /** Function timeout in ms, or undefined for an unknown function. */
  timeoutOf(functionId: string): number | undefined;
}
