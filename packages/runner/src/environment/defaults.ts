import { RunnerError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import type {
  EnvironmentOutput,
  EnvironmentPoolOptions,
  EnvironmentPoolUpdate,
  HandlerSource,
  InspectOptions,
} from './types.js';

/** The defaults of {@link EnvironmentPoolOptions}. */
export const ENVIRONMENT_DEFAULTS = Object.freeze({
  environment: Object.freeze({}) as Readonly<Record<string, string>>,
  timeout: 3,
  memorySize: 128,
  inspect: false as false | Required<InspectOptions>,
  inspectHost: '127.0.0.1',
  inspectPort: 0,
  maxEnvironments: 1000,
  idleTimeout: 600_000,
});

/** The options of a pool with every default applied. */
export interface ResolvedPoolOptions {
  functionName: string;
  code: HandlerSource;
  environment: Readonly<Record<string, string>>;
  timeout: number;
  memorySize: number;
  inspect: false | Required<InspectOptions>;
  maxEnvironments: number;
  idleTimeout: number;
  cwd: string | undefined;
  onOutput: ((output: EnvironmentOutput) => void) | undefined;
  logger: Logger;
}

function invalid(message: string): RunnerError {
  return new RunnerError('INVALID_OPTIONS', message);
}

function checkPositive(name: string, value: number, max: number): void {
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw invalid(`${name} must be a number above 0 and at most ${max}`);
  }
}

function resolveInspect(
  inspect: EnvironmentPoolOptions['inspect'],
): false | Required<InspectOptions> {
  if (!inspect) return false;
  const given = inspect === true ? {} : inspect;
  const port = given.port ?? ENVIRONMENT_DEFAULTS.inspectPort;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw invalid('inspect.port must be an integer from 0 to 65535');
  }
  return { host: given.host ?? ENVIRONMENT_DEFAULTS.inspectHost, port };
}

function checkEnvironment(environment: Record<string, string>): void {
  for (const [name, value] of Object.entries(environment)) {
    if (typeof value !== 'string') {
      throw invalid(`environment variable ${name} must be a string`);
    }
  }
}

/**
 * Applies the defaults to the options of a pool and checks them.
 * @throws {RunnerError} `INVALID_OPTIONS` for a missing or wrong option.
 */
export function resolvePoolOptions(
  options: EnvironmentPoolOptions,
): ResolvedPoolOptions {
  if (!options || typeof options.functionName !== 'string') {
    throw invalid('functionName must be a string');
  }
  const resolved: ResolvedPoolOptions = {
    functionName: options.functionName,
    code: options.code,
    environment: { ...ENVIRONMENT_DEFAULTS.environment },
    timeout: ENVIRONMENT_DEFAULTS.timeout,
    memorySize: ENVIRONMENT_DEFAULTS.memorySize,
    inspect: resolveInspect(options.inspect),
    maxEnvironments:
      options.maxEnvironments ?? ENVIRONMENT_DEFAULTS.maxEnvironments,
    idleTimeout: options.idleTimeout ?? ENVIRONMENT_DEFAULTS.idleTimeout,
    cwd: undefined,
    onOutput: options.onOutput,
    logger: options.logger ?? silentLogger,
  };
  checkPositive('maxEnvironments', resolved.maxEnvironments, 100_000);
  checkPositive('idleTimeout', resolved.idleTimeout, 2 ** 31 - 1);
  return applyPoolUpdate(resolved, options);
}

/**
 * Returns the options with an update applied, checked.
 * @throws {RunnerError} `INVALID_OPTIONS` for a wrong option.
 */
export function applyPoolUpdate(
  current: ResolvedPoolOptions,
  update: EnvironmentPoolUpdate,
): ResolvedPoolOptions {
  const next = { ...current };
  if (update.code !== undefined) next.code = update.code;
  if (update.environment !== undefined) {
    next.environment = Object.freeze({ ...update.environment });
  }
  if (update.timeout !== undefined) next.timeout = update.timeout;
  if (update.memorySize !== undefined) next.memorySize = update.memorySize;
  if (update.cwd !== undefined) next.cwd = update.cwd;
  checkCode(next.code);
  checkEnvironment(next.environment);
  checkPositive('timeout', next.timeout, 900);
  checkPositive('memorySize', next.memorySize, 10_240);
  return next;
}

function checkCode(code: HandlerSource): void {
  if (typeof code === 'function') return;
  if (
    !code ||
    typeof code.file !== 'string' ||
    typeof code.exportName !== 'string' ||
    code.exportName === ''
  ) {
    throw invalid('code must be { file, exportName } or a function');
  }
}
