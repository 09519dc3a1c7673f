import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { type HandlerCode, resolveHandler } from '@tether/runner';
import { LocalCloudError } from '../errors.js';
import {
  resolveCallback,
  resolveLogger,
} from '../internal/resolve-callbacks.js';
import type { Logger } from '../logger.js';
import { RESERVED_VARIABLES } from './function-environment.js';
import { findSdkNodePath } from './sdk-node-path.js';
import type {
  FunctionDefinition,
  FunctionUpdate,
  LambdaServiceOptions,
} from './types.js';

/** The defaults of the Lambda service and of its functions. */
export const LAMBDA_DEFAULTS = Object.freeze({
  region: 'us-east-1',
  accountId: '000000000000',
  port: 0,
  // Each environment is a Node.js process here, not a new machine: on 2
  // cores, 50 cold starts at once of a millisecond handler take 1.5 to
  // 3.4 s uncapped, 0.25 to 0.6 s at 8 (bench/concurrency.mjs). 4 per
  // core leaves room for handlers that mostly wait (a stub on its runner).
  maxEnvironmentsPerFunction: Math.max(8, 4 * availableParallelism()),
  inspect: false,
  runtime: 'nodejs22.x',
  timeout: 3,
  memorySize: 128,
});

/** The service's options, complete. */
export type ResolvedServiceOptions = Required<
  Omit<LambdaServiceOptions, 'credentials' | 'onOutput'>
> &
  Pick<LambdaServiceOptions, 'credentials' | 'onOutput'> & { logger: Logger };

/** A function's definition, complete and checked. */
export interface ResolvedDefinition extends Required<FunctionDefinition> {
  code: HandlerCode;
}

function invalid(message: string, cause?: unknown): LocalCloudError {
  return new LocalCloudError('INVALID_OPTIONS', message, { cause });
}

/**
 * Applies the defaults to the service's options.
 * @throws {LocalCloudError} `INVALID_OPTIONS` for a wrong option.
 */
export function resolveServiceOptions(
  options: LambdaServiceOptions = {},
): ResolvedServiceOptions {
  const accountId = options.accountId ?? LAMBDA_DEFAULTS.accountId;
  if (!/^\d{12}$/.test(accountId)) {
    throw invalid('accountId must be 12 digits');
  }
  const port = options.port ?? LAMBDA_DEFAULTS.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw invalid('port must be an integer from 0 to 65535');
  }
  const maxEnvironmentsPerFunction =
    options.maxEnvironmentsPerFunction ??
    LAMBDA_DEFAULTS.maxEnvironmentsPerFunction;
  checkRange('maxEnvironmentsPerFunction', maxEnvironmentsPerFunction, 1, 1000);
  return {
    region: options.region ?? LAMBDA_DEFAULTS.region,
    accountId,
    credentials: options.credentials,
    environment: { ...options.environment },
    sdkPath: options.sdkPath ?? findSdkNodePath(),
    port,
    maxEnvironmentsPerFunction,
    inspect: options.inspect ?? LAMBDA_DEFAULTS.inspect,
    onOutput: resolveCallback('onOutput', options.onOutput),
    logger: resolveLogger(options.logger),
  };
}

/**
 * Checks a definition and applies the defaults, as CreateFunction would.
 * @throws {LocalCloudError} `INVALID_OPTIONS` for a wrong field.
 */
export function resolveDefinition(
  definition: FunctionDefinition,
): ResolvedDefinition {
  if (!/^[a-zA-Z0-9_-]{1,64}$/.test(definition?.name ?? '')) {
    throw invalid('name must be 1 to 64 letters, digits, - or _');
  }
  const base: Required<FunctionDefinition> = {
    name: definition.name,
    codeDir: definition.codeDir,
    handler: definition.handler,
    runtime: LAMBDA_DEFAULTS.runtime,
    environment: {},
    timeout: LAMBDA_DEFAULTS.timeout,
    memorySize: LAMBDA_DEFAULTS.memorySize,
    reservedConcurrency: null,
  };
  return applyUpdate(base, definition);
}

/**
 * Applies an update to a definition and checks the result.
 * @throws {LocalCloudError} `INVALID_OPTIONS` for a wrong field.
 */
export function applyUpdate(
  current: Required<FunctionDefinition>,
  update: FunctionUpdate,
): ResolvedDefinition {
  const next: Required<FunctionDefinition> = { ...current };
  for (const key of Object.keys(update) as (keyof FunctionUpdate)[]) {
    if (update[key] !== undefined) Object.assign(next, { [key]: update[key] });
  }
  next.codeDir = checkCodeDir(next.codeDir);
  checkRange('timeout', next.timeout, 1, 900);
  checkRange('memorySize', next.memorySize, 128, 10_240);
  if (next.reservedConcurrency !== null) {
    checkRange('reservedConcurrency', next.reservedConcurrency, 0, 1000);
  }
  if (!/^nodejs\d+\.x$/.test(next.runtime)) {
    throw invalid(`runtime ${next.runtime} is not a Node.js runtime`);
  }
  next.environment = checkEnvironment(next.environment);
  return { ...next, code: checkHandler(next.codeDir, next.handler) };
}

function checkCodeDir(codeDir: string): string {
  if (typeof codeDir !== 'string' || !existsSync(codeDir)) {
    throw invalid(`codeDir ${codeDir} does not exist`);
  }
  if (!statSync(codeDir).isDirectory()) {
    throw invalid(`codeDir ${codeDir} is not a directory`);
  }
  return path.resolve(codeDir);
}

function checkRange(name: string, value: number, min: number, max: number) {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${name} must be an integer from ${min} to ${max}`);
  }
}

function checkEnvironment(
  environment: Readonly<Record<string, string>>,
): Record<string, string> {
  const checked: Record<string, string> = {};
  for (const [key, value] of Object.entries(environment ?? {})) {
    if (RESERVED_VARIABLES.has(key)) {
      throw invalid(`environment variable ${key} is reserved by Lambda`);
    }
    if (typeof value !== 'string') {
      throw invalid(`environment variable ${key} must be a string`);
    }
    if (!/^[a-zA-Z]\w*$/.test(key)) {
      throw invalid(`environment variable ${key} is not a valid name`);
    }
    checked[key] = value;
  }
  return checked;
}

function checkHandler(codeDir: string, handler: string): HandlerCode {
  try {
    return resolveHandler(codeDir, handler);
  } catch (error) {
    throw invalid(`handler ${handler} is not MODULE.EXPORT`, error);
  }
}
