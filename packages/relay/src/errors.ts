/**
 * Why the relay refused something. Stable across releases: match on it.
 *
 * The protocol codes are the fault codes of the wire contract; the relay
 * sends them to the peer as a `fault` message:
 * - `NO_RUNNER`: nothing is registered for the app and stage.
 * - `RUNNER_GONE`: the registered runner's connection is gone.
 * - `STUB_GONE`: the stub connection of a result is gone.
 * - `FORBIDDEN`: the sender's kind may not send this action.
 * - `MALFORMED`: the frame is not a valid message.
 * - `UNKNOWN_ACTION`: the frame names an action the relay does not route.
 * - `UNSUPPORTED_VERSION`: the frame's protocol version is not 1.
 * - `EVICTED`: another runner took the stage.
 *
 * One code is the relay's own:
 * - `INVALID_OPTIONS`: the handler's configuration is missing or wrong
 *   (for example `TETHER_TABLE` is not set).
 */
export type RelayErrorCode =
  | 'NO_RUNNER'
  | 'RUNNER_GONE'
  | 'STUB_GONE'
  | 'FORBIDDEN'
  | 'MALFORMED'
  | 'UNKNOWN_ACTION'
  | 'UNSUPPORTED_VERSION'
  | 'EVICTED'
  | 'INVALID_OPTIONS';

/**
 * The base class of every error the relay raises, with a stable `code` and
 * the underlying `cause` kept. Inside a route, a `RelayError` becomes the
 * `fault` answered to the sender.
 *
 * @example
 * ```ts
 * try {
 *   createRelayHandler({ tableName: '' });
 * } catch (error) {
 *   if (error instanceof RelayError && error.code === 'INVALID_OPTIONS') {
 *     // set TETHER_TABLE
 *   }
 * }
 * ```
 */
export class RelayError extends Error {
  /** The stable reason, see {@link RelayErrorCode}. */
  readonly code: RelayErrorCode;

  /** The invocation the refusal is about, when there is one. */
  readonly id: string | undefined;

  constructor(
    code: RelayErrorCode,
    message: string,
    options?: { cause?: unknown; id?: string },
  ) {
    super(message, options);
    this.name = 'RelayError';
    this.code = code;
    this.id = options?.id;
  }
}
