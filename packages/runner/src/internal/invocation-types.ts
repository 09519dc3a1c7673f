import type { LambdaError } from '../environment/types.js';

/** What one invocation ended with, as the dispatcher needs it. */
export type HostOutcome =
  | { status: 'ok'; result: unknown }
  | { status: 'error' | 'timeout'; error: LambdaError };

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
  invoke(request: InvocationRequest): Promise<HostOutcome>;
  /** Function timeout in ms, or undefined for an unknown function. */
  timeoutOf(functionId: string): number | undefined;
}
