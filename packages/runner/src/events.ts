import type { LambdaError } from './environment/types.js';

/** One invocation ended (docs/contracts.md, section 6). */
export interface InvocationEvent {
  type: 'invocation';
  /** Live function id. */
  function: string;
  requestId: string;
  /** An HTTP route key, an event source, or `invoke`. */
  trigger: string;
  status: 'ok' | 'error' | 'timeout';
  /** Time to run the handler, a rebuild it waited for included. */
  durationMs: number;
  /**
   * Time from the stub's send (`context.sentAt`, or else the start of the
   * stub's invocation) to the runner receiving the invocation.
   */
  overheadMs: number;
  error?: LambdaError;
}

/** A piece of a handler's console output. */
export interface OutputEvent {
  type: 'output';
  function: string;
  /** The invocation running when it was written; '' during init. */
  requestId: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** The relay connection changed. */
export interface ConnectionEvent {
  type: 'connection';
  state: 'connected' | 'reconnecting' | 'evicted';
  /** Why, in words: the close code, the clock jump, the eviction. */
  detail?: string;
}

/** A function's entry was built (at start, or after a save). */
export interface BuildEvent {
  type: 'build';
  function: string;
  durationMs: number;
  /** esbuild's message when the build failed. */
  error?: string;
}

/** What the runner reports through `onEvent`. */
export type RunnerEvent =
  | InvocationEvent
  | OutputEvent
  | ConnectionEvent
  | BuildEvent;
