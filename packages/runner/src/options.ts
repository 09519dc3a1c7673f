import { randomUUID } from 'node:crypto';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
} from '@smithy/types';
import type { InspectOptions } from './environment/types.js';
import { RunnerError } from './errors.js';
import type { RunnerEvent } from './events.js';
import { type Clocks, SYSTEM_CLOCKS } from './internal/clock-watch.js';
import { isRecord } from './internal/is-record.js';
import { type Logger, silentLogger } from './logger.js';
import { type LiveManifest, parseManifest } from './manifest.js';

/** Options of {@link startRunner}. */
export interface RunnerOptions {
  /** The relay's WebSocket URL (`wss://…` on AWS, `ws://…` locally). */
  url: string;
  /** The parsed live manifest (docs/contracts.md, section 2). */
  manifest: LiveManifest;
  /**
   * Credentials that sign the connection.
   * @default the AWS SDK's Node.js credential chain (environment, profile,
   * SSO, process, instance metadata)
   */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /**
   * Region of the signature. Precedence: this argument, then
   * `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the region in an
   * `execute-api` URL.
   * @default 'us-east-1'
   */
  region?: string;
  /**
   * Start the execution environments under the Node.js inspector.
   * @default false
   */
  inspect?: boolean | InspectOptions;
  /** @default a silent logger */
  logger?: Logger;
  /** Receives invocations, output, connection changes and builds. */
  onEvent?: (event: RunnerEvent) => void;
  /**
   * The runner's UUID, kept across its reconnects.
   * @default a random UUID
   */
  runnerId?: string;
  /**
   * How often a running invocation is acknowledged again, in ms.
   * @default 1000
   */
  heartbeatMs?: number;
  /**
   * Keep-alive interval, under API Gateway's 10-minute idle limit, in ms.
   * @default 300000
   */
  pingIntervalMs?: number;
  /**
   * Age at which a connection is replaced, under API Gateway's 2-hour
   * limit, in ms.
   * @default 6600000
   */
  replaceAfterMs?: number;
  /**
   * How long to wait for `registered`, in ms. Kept at 10 s even though a
   * register may queue behind a busy relay (a local-cloud function at its
   * environment cap, a Lambda cold start): during a handover nothing goes
   * out while a registration is awaited, acks included, and a stub gives
   * up after 10 s without one (its `heartbeatTimeoutMs`), so a longer
   * wait costs running invocations. A handover that times out is cheap:
   * the kept connection registers again and the handover is retried 30 s
   * later; a reconnection retries with backoff.
   * @default 10000
   */
  registerTimeoutMs?: number;
  /**
   * First delay between reconnection attempts (the first is at once).
   * @default 500
   */
  reconnectInitialMs?: number;
  /**
   * Longest delay between reconnection attempts, in ms.
   * @default 30000
   */
  reconnectMaxMs?: number;
  /**
   * Wall-clock time gained over monotonic time between two one-second
   * ticks that means the machine slept: reconnect at once. In ms. An
   * event loop stalled by CPU load moves both clocks alike and does not
   * count.
   * @default 5000
   */
  clockJumpMs?: number;
  /**
   * How long an answer is kept after the invocation's deadline, for a
   * stub that reconnects and asks again, in ms.
   * @default 60000
   */
  answerRetentionMs?: number;
  /**
   * Start a fresh execution environment for every invocation and end it
   * once it has answered, instead of reusing warm ones: every invocation
   * pays a cold start. It reproduces a per-invocation process design, as
   * a benchmark baseline; module state never survives an invocation.
   * @default false
   */
  freshEnvironmentPerInvocation?: boolean;
  /**
   * Variables to add or override in a function's local environments, by
   * live function id, or `'*'` for every function (a function's own entry
   * wins over `'*'`). Precedence: this option, then the runner's local
   * values (`PATH`, `LAMBDA_TASK_ROOT`, …), then the environment the stub
   * forwarded (see the README's "The environment your code sees").
   * @default {}
   * @example
   * ```ts
   * environment: {
   *   '*': { LOG_LEVEL: 'debug' },
   *   'Api/Orders': { DATABASE_URL: 'postgres://127.0.0.1:5432/orders' },
   * }
   * ```
   */
  environment?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** The defaults of {@link RunnerOptions}. */
export const RUNNER_DEFAULTS = Object.freeze({
  region: 'us-east-1',
  inspect: false,
  logger: silentLogger,
  heartbeatMs: 1000,
  pingIntervalMs: 5 * 60 * 1000,
  replaceAfterMs: 110 * 60 * 1000,
  registerTimeoutMs: 10_000,
  reconnectInitialMs: 500,
  reconnectMaxMs: 30_000,
  clockJumpMs: 5000,
  answerRetentionMs: 60_000,
  freshEnvironmentPerInvocation: false,
  environment: Object.freeze({}) as Readonly<
    Record<string, Readonly<Record<string, string>>>
  >,
  handoverGraceMs: 2000,
});

/** Every option, defaults applied. */
export interface ResolvedOptions
  extends Required<Omit<RunnerOptions, 'credentials' | 'onEvent'>> {
  credentials: AwsCredentialIdentityProvider;
  onEvent: (event: RunnerEvent) => void;
  handoverGraceMs: number;
  clocks: Clocks;
}

/**
 * Options the tests may set and the public type leaves out: the clocks
 * the sleep check reads.
 */
interface InternalOptions {
  clocks?: Clocks;
}

const NUMBERS = [
  'heartbeatMs',
  'pingIntervalMs',
  'replaceAfterMs',
  'registerTimeoutMs',
  'reconnectInitialMs',
  'reconnectMaxMs',
  'clockJumpMs',
  'answerRetentionMs',
] as const;

function invalid(message: string): RunnerError {
  return new RunnerError('INVALID_OPTIONS', message);
}

function readRegion(options: RunnerOptions): string {
  const fromUrl = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/.exec(
    options.url,
  )?.[1];
  return (
    options.region ??
    process.env.AWS_REGION ??
    process.env.AWS_DEFAULT_REGION ??
    fromUrl ??
    RUNNER_DEFAULTS.region
  );
}

function checkUrl(url: unknown): string {
  if (typeof url !== 'string') throw invalid('url must be a string');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new RunnerError('INVALID_OPTIONS', `url ${url} is not a URL`, {
      cause,
    });
  }
  if (parsed.protocol !== 'wss:' && parsed.protocol !== 'ws:') {
    throw invalid(`url must be ws:// or wss://, not ${parsed.protocol}`);
  }
  return url;
}

function readFlag(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalid(`${name} must be a boolean`);
  return value;
}

function checkVariables(value: unknown, key: string): Record<string, string> {
  if (!isRecord(value)) {
    throw invalid(`environment['${key}'] must be an object of strings`);
  }
  for (const [name, text] of Object.entries(value)) {
    if (name === '' || name.includes('=') || typeof text !== 'string') {
      const what = `environment['${key}'] variable '${name}'`;
      throw invalid(`${what} needs a name without '=' and a string value`);
    }
  }
  return { ...(value as Record<string, string>) };
}

function checkEnvironment(
  value: unknown,
  manifest: LiveManifest,
): ResolvedOptions['environment'] {
  if (value === undefined) return RUNNER_DEFAULTS.environment;
  if (!isRecord(value)) throw invalid('environment must be an object');
  const ids = new Set(manifest.functions.map((fn) => fn.id));
  const entries = Object.entries(value).map(([key, variables]) => {
    if (key !== '*' && !ids.has(key)) {
      throw invalid(`environment names ${key}, not a live function id`);
    }
    return [key, Object.freeze(checkVariables(variables, key))] as const;
  });
  return Object.freeze(Object.fromEntries(entries));
}

function toProvider(
  credentials: RunnerOptions['credentials'],
): AwsCredentialIdentityProvider {
  if (credentials === undefined) return fromNodeProviderChain();
  if (typeof credentials === 'function') return credentials;
  if (!credentials.accessKeyId || !credentials.secretAccessKey) {
    throw invalid('credentials need accessKeyId and secretAccessKey');
  }
  return async () => credentials;
}

/**
 * Applies the defaults and checks every option.
 * @throws {RunnerError} `INVALID_OPTIONS` or `INVALID_MANIFEST`.
 */
export function resolveOptions(options: RunnerOptions): ResolvedOptions {
  if (!options || typeof options !== 'object') {
    throw invalid('startRunner needs an options object');
  }
  const numbers = Object.fromEntries(
    NUMBERS.map((name) => {
      const value = options[name] ?? RUNNER_DEFAULTS[name];
      if (!Number.isFinite(value) || value <= 0) {
        throw invalid(`${name} must be a positive number`);
      }
      return [name, value];
    }),
  ) as Record<(typeof NUMBERS)[number], number>;
  const manifest = parseManifest(options.manifest);
  return {
    ...numbers,
    url: checkUrl(options.url),
    manifest,
    credentials: toProvider(options.credentials),
    region: readRegion(options),
    inspect: options.inspect ?? RUNNER_DEFAULTS.inspect,
    logger: options.logger ?? RUNNER_DEFAULTS.logger,
    onEvent: options.onEvent ?? (() => {}),
    runnerId: options.runnerId ?? randomUUID(),
    freshEnvironmentPerInvocation: readFlag(
      options.freshEnvironmentPerInvocation,
      'freshEnvironmentPerInvocation',
      RUNNER_DEFAULTS.freshEnvironmentPerInvocation,
    ),
    environment: checkEnvironment(options.environment, manifest),
    handoverGraceMs: RUNNER_DEFAULTS.handoverGraceMs,
    clocks: (options as InternalOptions).clocks ?? SYSTEM_CLOCKS,
  };
}
