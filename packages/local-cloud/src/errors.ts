/**
 * The codes that local-cloud's errors carry. Each is stable: callers and
 * tests branch on `code`, never on the message.
 *
 * - `INVALID_OPTIONS`: an option is missing or out of range (the message
 *   names it).
 * - `START_FAILED`: a service (dynalite, s3rver, an API's listener) could
 *   not start; whatever had started is stopped again.
 * - `STOP_FAILED`: something did not stop cleanly; everything else was
 *   still stopped.
 * - `STOPPED`: the local cloud or API was already stopped.
 * - `FUNCTION_EXISTS`: a Lambda function of that name already exists.
 * - `FUNCTION_NOT_FOUND`: no Lambda function has that name.
 */
export type LocalCloudErrorCode =
  | 'INVALID_OPTIONS'
  | 'START_FAILED'
  | 'STOP_FAILED'
  | 'STOPPED'
  | 'ASSEMBLY_NOT_FOUND'
  | 'ASSEMBLY_MALFORMED'
  | 'ASSET_MISSING'
  | 'INTRINSIC_MALFORMED'
  | 'UNRESOLVED_REFERENCE'
  | 'DEPLOY_FAILED'
  | 'FUNCTION_EXISTS'
  | 'FUNCTION_NOT_FOUND'
  | (string & {});

/**
 * The base of every error local-cloud throws: a stable string `code`, and the
 * underlying error, when there is one, kept as `cause`.
 */
export class LocalCloudError extends Error {
  /** A stable identifier of what went wrong. */
  readonly code: LocalCloudErrorCode;

  constructor(
    code: LocalCloudErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LocalCloudError';
    this.code = code;
  }
}

/**
 * A cloud assembly that cannot be stood up: missing or malformed manifest or
 * template, a missing asset, an intrinsic that cannot be resolved, or a
 * resource that failed to start (then nothing of that deploy is left
 * running).
 */
export class AssemblyError extends LocalCloudError {
  constructor(
    code: LocalCloudErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'AssemblyError';
  }
}
