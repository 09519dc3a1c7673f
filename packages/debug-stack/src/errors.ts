/**
 * Why the constructs refused a configuration. Stable across releases:
 * match on it.
 *
 * - `APP_REQUIRED`: live mode is on and no app name was given (neither the
 *   `app` prop nor the `tether:app` context value).
 * - `INVALID_APP_NAME`: the app name is not 1 to 64 letters, digits and
 *   hyphens starting with a letter.
 * - `STAGE_REQUIRED`: live mode is on and `tether:stage` is not set.
 * - `INVALID_STAGE_NAME`: the stage name is not 1 to 32 letters, digits
 *   and hyphens starting with a letter or digit.
 * - `INVALID_CONTEXT`: a `tether:*` context value has the wrong shape.
 * - `INVALID_TIMEOUT`: a timeout is not whole seconds from 1 to 900.
 * - `ALREADY_ENABLED`: `Tether.enable` was called twice on one app.
 * - `ASSET_NOT_FOUND`: the stub's or the relay's built asset is missing.
 * - `INJECTOR_REPLACED`: a `PropertyInjector` for `lambda.Function` added
 *   to the app after `Tether.enable` replaced Tether's (thrown at synth).
 * - `DEBUG_STACK_CONFLICT`: in live mode, another stack of the app has the
 *   name of the debug stack live mode makes (thrown at synth).
 */
export type TetherErrorCode =
  | 'APP_REQUIRED'
  | 'INVALID_APP_NAME'
  | 'STAGE_REQUIRED'
  | 'INVALID_STAGE_NAME'
  | 'INVALID_CONTEXT'
  | 'INVALID_TIMEOUT'
  | 'ALREADY_ENABLED'
  | 'ASSET_NOT_FOUND'
  | 'INJECTOR_REPLACED'
  | 'DEBUG_STACK_CONFLICT';

/**
 * The base class of every error the constructs raise, with a stable `code`
 * and the underlying `cause` kept.
 *
 * @example
 * ```ts
 * try {
 *   Tether.enable(app, { app: 'shop' });
 * } catch (error) {
 *   if (error instanceof TetherError && error.code === 'STAGE_REQUIRED') {
 *     // pass `-c tether:stage=NAME`
 *   }
 * }
 * ```
 */
export class TetherError extends Error {
  /** The stable reason, see {@link TetherErrorCode}. */
  readonly code: TetherErrorCode;

  constructor(
    code: TetherErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TetherError';
    this.code = code;
  }
}
