import type { Environment } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { CONTEXT_KEYS } from '../context-keys.js';
import { TetherError } from '../errors.js';
import type { TetherProps } from '../tether-props.js';
import { validateAppName, validateStageName } from './names.js';
import { createFilter, type IdFilter } from './pattern.js';

/** Every live-mode option, resolved. */
export interface LiveOptions {
  app: string;
  stage: string;
  filters: IdFilter[];
  timeoutSeconds: number | undefined;
  forwardCredentials: boolean;
  ackTimeoutMs: number | undefined;
  env: Environment | undefined;
  stubAssetDir: string | undefined;
  relayAssetDir: string | undefined;
}

/** The defaults of the live-mode options. */
export const DEFAULTS = Object.freeze({
  include: Object.freeze([]) as readonly string[],
  exclude: Object.freeze([]) as readonly string[],
  forwardCredentials: true,
});

const MAX_TIMEOUT_SECONDS = 900;

/** Whether the context switches live mode on (`tether:live` is true). */
export function isLiveContext(scope: IConstruct): boolean {
  const value = scope.node.tryGetContext(CONTEXT_KEYS.live);
  return value === true || value === 'true';
}

/**
 * Resolves the options: each from the prop, else the context, else
 * {@link DEFAULTS}; the context's filter applies besides the props'.
 * @throws {TetherError} `APP_REQUIRED`, `INVALID_APP_NAME`,
 *   `STAGE_REQUIRED`, `INVALID_STAGE_NAME`, `INVALID_CONTEXT`,
 *   `INVALID_TIMEOUT`
 */
export function resolveLiveOptions(
  scope: IConstruct,
  input: TetherProps,
): LiveOptions {
  return {
    app: resolveApp(scope, input),
    stage: resolveStage(scope),
    filters: [
      createFilter(
        input.include ?? DEFAULTS.include,
        input.exclude ?? DEFAULTS.exclude,
      ),
      createFilter(
        readList(scope, CONTEXT_KEYS.include),
        readList(scope, CONTEXT_KEYS.exclude),
      ),
    ],
    timeoutSeconds: resolveTimeout(scope, input),
    forwardCredentials: input.forwardCredentials ?? DEFAULTS.forwardCredentials,
    ackTimeoutMs: input.ackTimeout?.toMilliseconds(),
    env: input.env,
    stubAssetDir: input.stubAssetDir,
    relayAssetDir: input.relayAssetDir,
  };
}

function resolveApp(scope: IConstruct, input: TetherProps): string {
  const app = input.app ?? readString(scope, CONTEXT_KEYS.app);
  if (app === undefined) {
    throw new TetherError(
      'APP_REQUIRED',
      `live mode needs an app name: pass { app } or -c ${CONTEXT_KEYS.app}`,
    );
  }
  validateAppName(app);
  return app;
}

function resolveStage(scope: IConstruct): string {
  const stage = readString(scope, CONTEXT_KEYS.stage);
  if (stage === undefined) {
    throw new TetherError(
      'STAGE_REQUIRED',
      `live mode needs a stage: pass -c ${CONTEXT_KEYS.stage}=NAME`,
    );
  }
  validateStageName(stage);
  return stage;
}

function resolveTimeout(
  scope: IConstruct,
  input: TetherProps,
): number | undefined {
  const seconds =
    input.increaseTimeout?.toSeconds({ integral: false }) ??
    readNumber(scope, CONTEXT_KEYS.timeout);
  if (seconds === undefined) return undefined;
  // Lambda takes whole seconds only.
  const whole = Number.isInteger(seconds);
  if (!(whole && seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS)) {
    throw new TetherError(
      'INVALID_TIMEOUT',
      `a live timeout must be 1 to ${MAX_TIMEOUT_SECONDS} whole seconds, ` +
        `not ${seconds}`,
    );
  }
  return seconds;
}

function readString(scope: IConstruct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidContext(key, value);
  return value;
}

function readNumber(scope: IConstruct, key: string): number | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined) return undefined;
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) {
    throw invalidContext(key, value);
  }
  return number;
}

function readList(
  scope: IConstruct,
  key: string,
  value: unknown = scope.node.tryGetContext(key),
): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string' && value.trim().startsWith('[')) {
    return readList(scope, key, parseJson(value));
  }
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return value;
  }
  throw invalidContext(key, value);
}

function invalidContext(key: string, value: unknown): TetherError {
  return new TetherError(
    'INVALID_CONTEXT',
    `context ${key} has the wrong shape: ${JSON.stringify(value)}`,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: null fails the array check and reports the bad value.
    return null;
  }
}
