/**
 * Why a runner operation failed. Stable across releases: match on it.
 *
 * - `INVALID_OPTIONS`: an option of {@link startRunner} is missing or wrong.
 * - `INVALID_MANIFEST`: the live manifest is not the shape it should be.
 * - `CONNECT_FAILED`: the relay could not be reached or refused the
 *   connection (network, URL, or credentials).
 * - `REGISTER_FAILED`: the relay did not accept the registration in time
 *   or answered it with a fault.
 * - `EVICTED`: another runner registered for the same app and stage.
 * - `STOPPED`: the runner was stopped while the operation was under way.
 * - `UNKNOWN_FUNCTION`: an invocation named a function the manifest does
 *   not list.
 * - `BUILD_FAILED`: esbuild could not build the function's entry.
 * - `PAYLOAD_FAILED`: a payload could not be read or written (spilled
 *   object missing, presigned URL refused, result too large to send).
 */
export type RunnerErrorCode =
  | 'INVALID_OPTIONS'
  | 'INVALID_MANIFEST'
  | 'CONNECT_FAILED'
  | 'REGISTER_FAILED'
  | 'EVICTED'
  | 'STOPPED'
  | 'UNKNOWN_FUNCTION'
  | 'BUILD_FAILED'
  | 'PAYLOAD_FAILED';

/**
 * The base class of every error the runner throws, with a stable `code`
 * and the underlying `cause` kept.
 *
 * @example
 * ```ts
 * try {
 *   await startRunner(options);
 * } catch (error) {
 *   if (error instanceof RunnerError && error.code === 'CONNECT_FAILED') {
 *     // check the URL and the credentials
 *   }
 * }
 * ```
 */
export class RunnerError extends Error {
  /** The stable reason, see {@link RunnerErrorCode}. */
  readonly code: RunnerErrorCode;

  constructor(
    code: RunnerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RunnerError';
    this.code = code;
  }
}
