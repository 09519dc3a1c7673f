/**
 * Why the stub could not return the runner's answer. Stable across
 * releases: match on it. Each code has an `errorType`
 * ({@link ERROR_TYPES}), which is what the Lambda caller sees.
 *
 * - `NO_RUNNER`: no runner is registered for the app and stage.
 * - `RUNNER_GONE`: the registered runner's connection is gone.
 * - `RUNNER_SILENT`: the runner acknowledged, then went quiet for longer
 *   than the heartbeat window (it stopped or lost its connection).
 * - `NO_ACK`: the runner did not acknowledge the invocation in time.
 * - `DEADLINE`: the function's deadline was about to pass.
 * - `RELAY_UNREACHABLE`: the relay's WebSocket could not be opened.
 * - `REFUSED`: the relay refused a message (a protocol fault).
 * - `PAYLOAD_FAILED`: the event or the result could not be carried
 *   (too large, not JSON, the payload bucket failed).
 * - `INVALID_OPTIONS`: the stub's environment is incomplete.
 */
export type StubErrorCode =
  | 'NO_RUNNER'
  | 'RUNNER_GONE'
  | 'RUNNER_SILENT'
  | 'NO_ACK'
  | 'DEADLINE'
  | 'RELAY_UNREACHABLE'
  | 'REFUSED'
  | 'PAYLOAD_FAILED'
  | 'INVALID_OPTIONS';

/** The Lambda `errorType` of each {@link StubErrorCode}. */
export const ERROR_TYPES = Object.freeze({
  NO_RUNNER: 'Tether.NoRunner',
  RUNNER_GONE: 'Tether.RunnerGone',
  RUNNER_SILENT: 'Tether.RunnerSilent',
  NO_ACK: 'Tether.NoAck',
  DEADLINE: 'Tether.Deadline',
  RELAY_UNREACHABLE: 'Tether.RelayUnreachable',
  REFUSED: 'Tether.Refused',
  PAYLOAD_FAILED: 'Tether.PayloadFailed',
  INVALID_OPTIONS: 'Tether.Misconfigured',
} as const satisfies Record<StubErrorCode, string>);

/**
 * The base class of every error the stub raises itself, with a stable
 * `code` and the underlying `cause` kept. Its `name` is the Lambda
 * `errorType` (Lambda's Node.js runtime reports `name` as the type), so
 * the caller of the function sees `Tether.NoRunner` and a message that
 * says what to do.
 *
 * @example
 * ```ts
 * try {
 *   await handler(event, context);
 * } catch (error) {
 *   if (error instanceof StubError && error.code === 'NO_RUNNER') {
 *     // start `tether dev`
 *   }
 * }
 * ```
 */
export class StubError extends Error {
  /** The stable reason, see {@link StubErrorCode}. */
  readonly code: StubErrorCode;

  constructor(
    code: StubErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = ERROR_TYPES[code];
    this.code = code;
  }
}

/**
 * The error a runner reported, rebuilt as the local handler raised it:
 * its `name` is the `errorType`, its `stack` the reported trace.
 */
export function toHandlerError(error: {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}): Error {
  const rebuilt = new Error(error.errorMessage);
  rebuilt.name = error.errorType;
  rebuilt.stack =
    error.trace !== undefined && error.trace.length > 0
      ? error.trace.join('\n')
      : `${error.errorType}: ${error.errorMessage}`;
  return rebuilt;
}
