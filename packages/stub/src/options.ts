import type { AwsCredentialIdentity } from '@smithy/types';
import { type Logger, SILENT_LOGGER } from '@tether/codec';
import { StubError } from './errors.js';

/** The defaults of every stub option. */
export const DEFAULTS = Object.freeze({
  /** How long to wait for the runner's first `ack`. */
  ackTimeoutMs: 3_000,
  /**
   * How long the runner may stay silent between acks once it has the
   * invocation (the runner acks every few seconds while it runs).
   */
  heartbeatTimeoutMs: 10_000,
  /** How long before the function's deadline the stub gives up. */
  deadlineMarginMs: 500,
  /** How long opening the WebSocket may take. */
  connectTimeoutMs: 5_000,
  /** API Gateway closes a WebSocket connection after 2 hours. */
  connectionLifetimeMs: 2 * 60 * 60 * 1000,
  /** API Gateway closes a WebSocket connection idle for 10 minutes. */
  idleTimeoutMs: 10 * 60 * 1000,
  /** Whether the role's credentials are forwarded in `env`. */
  forwardCredentials: true,
  /** Life of presigned URLs: Lambda's longest timeout plus a minute. */
  presignExpiresSeconds: 16 * 60,
  /** Timeout of one request to the payload bucket. */
  requestTimeoutMs: 30_000,
  /** One connection per execution environment, reused. */
  connection: 'reuse' as StubConnection,
  logger: SILENT_LOGGER,
});

/**
 * `reuse`: one connection per execution environment, kept across warm
 * invocations. `per-invocation`: a new connection for each invocation,
 * closed when it ends, as an earlier generation of this design worked (a
 * benchmark baseline; it needs one invocation at a time, as Lambda runs
 * them).
 */
export type StubConnection = 'reuse' | 'per-invocation';

/**
 * How the stub is configured. Each field is taken from the argument, else
 * from the environment variable named (contract section 3), else from
 * {@link DEFAULTS}.
 */
export interface StubOptions {
  /** The relay's WebSocket URL; env `TETHER_RELAY_URL`; required. */
  relayUrl?: string;
  /** env `TETHER_APP`; required. */
  app?: string;
  /** env `TETHER_STAGE`; required. */
  stage?: string;
  /** The live function id; env `TETHER_FUNCTION_ID`; required. */
  functionId?: string;
  /** The payload bucket; env `TETHER_BUCKET`; required to spill. */
  bucket?: string;
  /** env `AWS_REGION`. @default 'us-east-1' */
  region?: string;
  /** S3 endpoint; env `AWS_ENDPOINT_URL_S3`. @default AWS's own */
  s3Endpoint?: string;
  /**
   * Credentials that sign the connection and the payload URLs; env
   * `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
   */
  credentials?: AwsCredentialIdentity;
  /** env `TETHER_ACK_TIMEOUT_MS`. @default 3000 */
  ackTimeoutMs?: number;
  /** env `TETHER_HEARTBEAT_TIMEOUT_MS`. @default 10000 */
  heartbeatTimeoutMs?: number;
  /** @default 500 */
  deadlineMarginMs?: number;
  /** env `TETHER_CONNECT_TIMEOUT_MS`. @default 5000 */
  connectTimeoutMs?: number;
  /** @default 7200000 (2 hours) */
  connectionLifetimeMs?: number;
  /** @default 600000 (10 minutes) */
  idleTimeoutMs?: number;
  /**
   * Whether `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
   * `AWS_SESSION_TOKEN` are forwarded in `env`; env
   * `TETHER_FORWARD_CREDENTIALS` (`false` leaves them out).
   * @default true
   */
  forwardCredentials?: boolean;
  /** @default 960 */
  presignExpiresSeconds?: number;
  /** @default 30000 */
  requestTimeoutMs?: number;
  /**
   * env `TETHER_CONNECTION` (`reuse` or `per-invocation`).
   * @default 'reuse'
   */
  connection?: StubConnection;
  /**
   * The function's environment, forwarded to the runner less the
   * `TETHER_*` variables. @default `process.env`
   */
  env?: Record<string, string | undefined>;
  /** Where diagnostics go. @default silent */
  logger?: Logger;
}

/** {@link StubOptions} with every field resolved. */
export type ResolvedStubOptions = Required<
  Omit<StubOptions, 's3Endpoint' | 'bucket'>
> & { s3Endpoint: string | undefined; bucket: string | undefined };

/**
 * Resolves options against the environment and {@link DEFAULTS}.
 *
 * @throws {StubError} `INVALID_OPTIONS` naming each missing setting.
 */
export function resolveStubOptions(
  options: StubOptions,
  env: Record<string, string | undefined>,
): ResolvedStubOptions {
  const resolved: ResolvedStubOptions = {
    ...DEFAULTS,
    relayUrl: options.relayUrl ?? env.TETHER_RELAY_URL ?? '',
    app: options.app ?? env.TETHER_APP ?? '',
    stage: options.stage ?? env.TETHER_STAGE ?? '',
    functionId: options.functionId ?? env.TETHER_FUNCTION_ID ?? '',
    bucket: options.bucket ?? env.TETHER_BUCKET,
    region: options.region ?? env.AWS_REGION ?? 'us-east-1',
    s3Endpoint: options.s3Endpoint ?? env.AWS_ENDPOINT_URL_S3,
    credentials: options.credentials ?? readCredentials(env),
    ackTimeoutMs:
      options.ackTimeoutMs ??
      readNumber(env.TETHER_ACK_TIMEOUT_MS) ??
      DEFAULTS.ackTimeoutMs,
    heartbeatTimeoutMs:
      options.heartbeatTimeoutMs ??
      readNumber(env.TETHER_HEARTBEAT_TIMEOUT_MS) ??
      DEFAULTS.heartbeatTimeoutMs,
    connectTimeoutMs:
      options.connectTimeoutMs ??
      readNumber(env.TETHER_CONNECT_TIMEOUT_MS) ??
      DEFAULTS.connectTimeoutMs,
    forwardCredentials:
      options.forwardCredentials ??
      env.TETHER_FORWARD_CREDENTIALS?.toLowerCase() !== 'false',
    connection: options.connection ?? readConnection(env.TETHER_CONNECTION),
    env: options.env ?? env,
    ...pickDefined(options),
  };
  checkRequired(resolved);
  return resolved;
}

function pickDefined(options: StubOptions): Partial<StubOptions> {
  const keys = [
    'deadlineMarginMs',
    'connectionLifetimeMs',
    'idleTimeoutMs',
    'presignExpiresSeconds',
    'requestTimeoutMs',
    'logger',
  ] as const;
  const picked: Partial<StubOptions> = {};
  for (const key of keys) {
    if (options[key] !== undefined)
      Object.assign(picked, { [key]: options[key] });
  }
  return picked;
}

function readCredentials(
  env: Record<string, string | undefined>,
): AwsCredentialIdentity {
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
    sessionToken: env.AWS_SESSION_TOKEN || undefined,
  };
}

function checkRequired(options: ResolvedStubOptions): void {
  const missing = [
    ['TETHER_RELAY_URL', options.relayUrl],
    ['TETHER_APP', options.app],
    ['TETHER_STAGE', options.stage],
    ['TETHER_FUNCTION_ID', options.functionId],
    ['AWS_ACCESS_KEY_ID', options.credentials.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', options.credentials.secretAccessKey],
  ].filter(([, value]) => value === '');
  if (missing.length === 0) return;
  const names = missing.map(([name]) => name).join(', ');
  const message = `the Tether stub is missing ${names}: redeploy the app with \`tether dev\``;
  throw new StubError('INVALID_OPTIONS', message);
}

function readConnection(text: string | undefined): StubConnection {
  if (text === undefined || text.trim() === '') return DEFAULTS.connection;
  if (text === 'reuse' || text === 'per-invocation') return text;
  const message = `TETHER_CONNECTION must be reuse or per-invocation, not ${text}`;
  throw new StubError('INVALID_OPTIONS', message);
}

function readNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
