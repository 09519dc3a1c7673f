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
 * - `STOPPED`: the runner or an environment pool was stopped while the
 *   operation was under way.
 *
 * Failures of one invocation (a build error, an unreadable payload) are
 * not thrown: they become that invocation's Lambda error.
 */
export type RunnerErrorCode =
  | 'INVALID_OPTIONS'
  | 'INVALID_MANIFEST'
  | 'CONNECT_FAILED'
  | 'REGISTER_FAILED'
  | 'EVICTED'
  | 'STOPPED';

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
