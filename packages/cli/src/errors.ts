/**
 * Exit codes of the `tether` command. Scripts can rely on them; they never
 * change meaning between versions.
 */
export const EXIT_CODES = Object.freeze({
  /** Done; for `dev`, stopped cleanly by Ctrl-C or SIGTERM. */
  OK: 0,
  /** `invoke`: the function ran and returned an error. */
  FUNCTION_ERROR: 1,
  /** Wrong command line: unknown option, missing argument, bad value. */
  USAGE: 2,
  /** The app cannot be found or read (no cdk.json, no `app` command). */
  CONFIG: 3,
  /** Synthesis of the CDK app failed. */
  SYNTH: 4,
  /** Deploying, removing or standing up the app failed. */
  DEPLOY: 5,
  /**
   * The runner could not connect, another runner took the stage, or a
   * `tether dev` already runs the stage in this app folder.
   */
  RUNNER: 6,
  /** A bug in tether: an unexpected error (run with --verbose, report it). */
  INTERNAL: 70,
  /** Interrupted (Ctrl-C) before the command had finished starting. */
  INTERRUPTED: 130,
} as const);

/** One of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** Every code a {@link CliError} can carry, with the exit code it maps to. */
const CODE_EXITS = {
  USAGE: EXIT_CODES.USAGE,
  APP_NOT_FOUND: EXIT_CODES.CONFIG,
  FUNCTION_NOT_FOUND: EXIT_CODES.USAGE,
  EVENT_UNREADABLE: EXIT_CODES.USAGE,
  NO_SESSION: EXIT_CODES.CONFIG,
  MANIFEST_MISSING: EXIT_CODES.SYNTH,
  SYNTH_FAILED: EXIT_CODES.SYNTH,
  DEPLOY_FAILED: EXIT_CODES.DEPLOY,
  REMOVE_FAILED: EXIT_CODES.DEPLOY,
  RELAY_URL_MISSING: EXIT_CODES.DEPLOY,
  RUNNER_FAILED: EXIT_CODES.RUNNER,
  RUNNER_EVICTED: EXIT_CODES.RUNNER,
  STAGE_BUSY: EXIT_CODES.RUNNER,
  INVOKE_FAILED: EXIT_CODES.DEPLOY,
  FUNCTION_ERROR: EXIT_CODES.FUNCTION_ERROR,
  OUTPUTS_WRITE_FAILED: EXIT_CODES.CONFIG,
  INTERRUPTED: EXIT_CODES.INTERRUPTED,
} as const satisfies Record<string, ExitCode>;

/** The stable codes of {@link CliError}. */
export type CliErrorCode = keyof typeof CODE_EXITS;

/**
 * The one error type of the CLI. `code` is stable (tests and scripts match
 * on it), `hint` says what to do next, and the process exits with
 * {@link CliError.exitCode}.
 *
 * @example
 * ```ts
 * throw new CliError('APP_NOT_FOUND', 'no cdk.json in /work/app', {
 *   hint: 'run tether from your CDK app folder, or pass --app',
 * });
 * ```
 */
export class CliError extends Error {
  override name = 'CliError';
  /** What went wrong, stable across versions. */
  readonly code: CliErrorCode;
  /** The next step for the user, printed under the message. */
  readonly hint: string | undefined;

  constructor(
    code: CliErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }

  /** The process exit code for this error. */
  get exitCode(): ExitCode {
    return CODE_EXITS[this.code];
  }
}

/** True when `value` is a {@link CliError}, optionally with `code`. */
export function isCliError(
  value: unknown,
  code?: CliErrorCode,
): value is CliError {
  return (
    value instanceof CliError && (code === undefined || value.code === code)
  );
}
