import type { LambdaError } from '../types.js';

/** The context fields that travel to an environment with an invocation. */
export interface WireContext {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  deadline: number;
  identity?: unknown;
  clientContext?: unknown;
  traceId?: string;
  variables?: Readonly<Record<string, string | null>>;
}

/** Parent → environment. */
export type ParentMessage = {
  type: 'invoke';
  event: unknown;
  context: WireContext;
};

/** Environment → parent. */
export type ChildMessage =
  | { type: 'ready'; initMs: number; inspectorUrl?: string }
  | { type: 'init-error'; error: LambdaError }
  /** Ending while idle: an invocation sent meanwhile will not run. */
  | { type: 'exiting' }
  | { type: 'output'; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'result'; requestId: string; payload: string; durationMs: number }
  | {
      type: 'error';
      requestId: string;
      error: LambdaError;
      durationMs: number;
      /** The environment ends after this error (uncaught exception). */
      fatal: boolean;
    };
