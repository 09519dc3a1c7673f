import { userInfo } from 'node:os';
import path from 'node:path';
import { CliError } from './errors.js';

/** The options every command accepts, as typed on the command line. */
export interface CommandLineOptions {
  stage?: string;
  profile?: string;
  region?: string;
  app?: string;
  local?: boolean;
  inspect?: boolean | string;
  increaseTimeout?: boolean;
  verbose?: boolean;
  persist?: string;
  port?: string;
  outputsFile?: string;
}

/** The options of a command, complete: every field has its value. */
export interface ResolvedOptions {
  /** Stage name: separates developers and environments. */
  stage: string;
  /** AWS profile for credentials; `undefined` uses the default chain. */
  profile: string | undefined;
  /** AWS region of the stage (also the region local-cloud pretends). */
  region: string;
  /** `--app`: an app folder or an app command; `undefined` uses `cwd`. */
  app: string | undefined;
  /** Run on local-cloud instead of AWS. */
  local: boolean;
  /** Start functions under the inspector, optionally at `host`/`port`. */
  inspect: boolean | { host?: string; port: number };
  /** Raise deployed functions' timeouts so breakpoints are not cut off. */
  increaseTimeout: boolean;
  /** Print protocol and toolkit diagnostics. */
  verbose: boolean;
  /** Absolute folder where local-cloud keeps its data across runs. */
  persistDir: string | undefined;
  /** The local Lambda Invoke endpoint's port; 0 picks a free one. */
  port: number;
  /** Absolute path of the outputs file to write once ready. */
  outputsFile: string | undefined;
  /** Working directory the command was started in. */
  cwd: string;
}

/**
 * Defaults of every option. Precedence, for each option: the command-line
 * argument, then the environment variable named in its TSDoc, then this.
 */
export const DEFAULTS = Object.freeze({
  /** Env `TETHER_STAGE`; default: the OS user name, sanitized. */
  stage: undefined,
  /** Env `AWS_REGION`, then `AWS_DEFAULT_REGION`. */
  region: 'us-east-1',
  /** Env `TETHER_PORT`. */
  port: 0,
  /** Env `TETHER_PERSIST_DIR`. */
  persistDir: undefined,
  /** Env `AWS_PROFILE`. */
  profile: undefined,
} as const);

const STAGE_HINT =
  'use lower case letters, digits and dashes, ' +
  'starting with a letter (at most 24)';
const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,23}$/;

/**
 * Turns any name (the OS user name) into a valid stage: lower case letters,
 * digits and dashes, starting with a letter, at most 24 characters, so it
 * fits in CloudFormation stack names and resource names.
 *
 * @example
 * ```ts
 * sanitizeStage('Jean.Dupont'); // 'jean-dupont'
 * ```
 */
export function sanitizeStage(name: string): string {
  let stage = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (stage === '') return 'dev';
  if (!/^[a-z]/.test(stage)) stage = `u${stage}`;
  return stage.slice(0, 24).replace(/-+$/, '');
}

function defaultStage(): string {
  try {
    return sanitizeStage(userInfo().username);
  } catch {
    // No user name (a container without a passwd entry): a neutral stage.
    return 'dev';
  }
}

function resolveStage(value: string | undefined, env: NodeJS.ProcessEnv) {
  const given = value ?? env.TETHER_STAGE;
  if (given === undefined || given === '') return defaultStage();
  if (!STAGE_PATTERN.test(given)) {
    throw new CliError('USAGE', `invalid stage "${given}"`, {
      hint: STAGE_HINT,
    });
  }
  return given;
}

function resolvePort(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULTS.port;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError('USAGE', `invalid port "${value}"`, {
      hint: 'pass a port number between 0 and 65535 (0: any free port)',
    });
  }
  return port;
}

function resolveInspect(value: boolean | string | undefined) {
  if (value === undefined || typeof value === 'boolean') return value ?? false;
  const match = /^(?:(.+):)?(\d+)$/.exec(value);
  const port = Number(match?.[2]);
  if (match === null || port > 65535) {
    throw new CliError('USAGE', `invalid --inspect "${value}"`, {
      hint: 'pass --inspect alone, or with a port (9229) or host:port',
    });
  }
  return match[1] === undefined ? { port } : { host: match[1], port };
}

const absolute = (cwd: string, file: string | undefined) =>
  file === undefined || file === '' ? undefined : path.resolve(cwd, file);

/**
 * Resolves the options of a command once, into a complete object.
 *
 * @param given - what the command line said.
 * @param env - the environment (for the fallbacks named in {@link DEFAULTS}).
 * @param cwd - the folder relative paths are resolved against.
 * @throws {CliError} `USAGE` for an invalid stage, port or inspect address.
 * @example
 * ```ts
 * const options = resolveOptions({ local: true }, process.env, process.cwd());
 * ```
 */
export function resolveOptions(
  given: CommandLineOptions,
  env: NodeJS.ProcessEnv,
  cwd: string,
): ResolvedOptions {
  return {
    stage: resolveStage(given.stage, env),
    profile: given.profile ?? (env.AWS_PROFILE || DEFAULTS.profile),
    region:
      given.region ??
      (env.AWS_REGION || env.AWS_DEFAULT_REGION || DEFAULTS.region),
    app: given.app,
    local: given.local ?? false,
    inspect: resolveInspect(given.inspect),
    increaseTimeout: given.increaseTimeout ?? false,
    verbose: given.verbose ?? false,
    persistDir: absolute(cwd, given.persist ?? env.TETHER_PERSIST_DIR),
    port: resolvePort(given.port ?? env.TETHER_PORT),
    outputsFile: absolute(cwd, given.outputsFile),
    cwd,
  };
}
