import type { LocalCredentials } from '../credentials.js';
import { LocalCloudError } from '../errors.js';
import { resolveLogger } from '../internal/resolve-callbacks.js';
import type { LambdaInvoker } from '../lambda-invoker.js';
import { type Logger, SILENT_LOGGER } from '../logger.js';

/**
 * A route's integration:
 * - `lambda`: a Lambda proxy integration (`AWS_PROXY`). With
 *   `routeResponse`, the `body` of the function's result is sent back to
 *   the client (a two-way route); without it, nothing is.
 * - `mock`: answers without invoking anything; sends `response` back when
 *   given (a route response on a mock integration), else nothing.
 */
export type WebSocketRoute =
  | {
      readonly integration: 'lambda';
      readonly functionName: string;
      /** @default false */
      readonly routeResponse?: boolean;
    }
  | { readonly integration: 'mock'; readonly response?: string };

/** The limits API Gateway enforces, each shrinkable for tests. */
export interface WebSocketQuotas {
  /** Largest frame a client may send. @default 32768 (32 KB) */
  readonly frameBytes: number;
  /**
   * Largest message, in and out (an @connections POST included).
   * @default 131072 (128 KB)
   */
  readonly messageBytes: number;
  /** A connection with no message either way for this long is closed. @default 600000 (10 min) */
  readonly idleTimeoutMs: number;
  /** No connection lives longer. @default 7200000 (2 h) */
  readonly maxConnectionMs: number;
  /** Longest wait for an integration. @default 29000 */
  readonly integrationTimeoutMs: number;
}

/** What describes one WebSocket API. */
export interface WebSocketApiDefinition {
  /** @default 'websocket-api' */
  readonly name?: string;
  /**
   * Only `$request.body.<path>` (or `${request.body.<path>}`) is supported.
   * @default '$request.body.action'
   */
  readonly routeSelectionExpression?: string;
  /** How `$connect` is authorized. @default 'NONE' */
  readonly authorization?: 'NONE' | 'AWS_IAM';
  /** Route key (`$connect`, `$disconnect`, `$default`, `sendMessage`…) to its integration. */
  readonly routes: Readonly<Record<string, WebSocketRoute>>;
  /** The stage: the URL's path. @default 'local' */
  readonly stage?: string;
  /** Overrides of single quotas; the rest keep API Gateway's values. */
  readonly quotas?: Partial<WebSocketQuotas>;
}

/** A WebSocket API definition and what it needs from its local cloud. */
export interface WebSocketApiOptions extends WebSocketApiDefinition {
  /** Runs the Lambda integrations. */
  readonly invoker: LambdaInvoker;
  /** The credentials IAM signatures are checked against. */
  readonly credentials: LocalCredentials;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '000000000000' */
  readonly accountId?: string;
  /** @default silent */
  readonly logger?: Logger;
}

/** The options with every default applied. */
export interface ResolvedWebSocketApiOptions
  extends Required<Omit<WebSocketApiOptions, 'quotas'>> {
  readonly quotas: WebSocketQuotas;
  /** The property path that the route selection expression reads. */
  readonly selectionPath: readonly string[];
}

/** API Gateway's WebSocket quotas. */
export const WEBSOCKET_QUOTAS: WebSocketQuotas = Object.freeze({
  frameBytes: 32 * 1024,
  messageBytes: 128 * 1024,
  idleTimeoutMs: 10 * 60 * 1000,
  maxConnectionMs: 2 * 60 * 60 * 1000,
  integrationTimeoutMs: 29_000,
});

/** The defaults of {@link WebSocketApiOptions}. */
export const WEBSOCKET_API_DEFAULTS = Object.freeze({
  name: 'websocket-api',
  routeSelectionExpression: '$request.body.action',
  authorization: 'NONE' as const,
  stage: 'local',
  region: 'us-east-1',
  accountId: '000000000000',
  logger: SILENT_LOGGER,
});

const SELECTION =
  /^(?:\$request\.body\.([\w.-]+)|\$\{request\.body\.([\w.-]+)\})$/;
const STAGE = /^[\w-]{1,128}$/;

function invalid(message: string): LocalCloudError {
  return new LocalCloudError('INVALID_OPTIONS', message);
}

function resolveQuotas(quotas: Partial<WebSocketQuotas> = {}): WebSocketQuotas {
  const resolved = { ...WEBSOCKET_QUOTAS };
  for (const [name, value] of Object.entries(quotas)) {
    if (!(name in WEBSOCKET_QUOTAS)) {
      throw invalid(`quotas.${name} is not a WebSocket quota`);
    }
    if (typeof value !== 'number' || !(value > 0)) {
      throw invalid(`quotas.${name} must be a positive number`);
    }
    resolved[name as keyof WebSocketQuotas] = value;
  }
  return resolved;
}

function checkRoutes(routes: WebSocketApiOptions['routes']): void {
  if (typeof routes !== 'object' || routes === null) {
    throw invalid('routes must be an object of route key to integration');
  }
  for (const [key, route] of Object.entries(routes)) {
    const fine =
      key.length > 0 &&
      ((route?.integration === 'lambda' &&
        typeof route.functionName === 'string' &&
        route.functionName.length > 0) ||
        route?.integration === 'mock');
    if (!fine) {
      throw invalid(
        `route ${JSON.stringify(key)} needs a lambda integration` +
          ' with a functionName, or a mock integration',
      );
    }
  }
}

/**
 * Applies the defaults (argument > default) and checks the options.
 *
 * @throws {LocalCloudError} `INVALID_OPTIONS` for a route selection
 * expression other than `$request.body.…`, a bad stage name, a route
 * without an integration, a quota that is not a positive number, or
 * missing credentials or invoker.
 */
export function resolveWebSocketApiOptions(
  options: WebSocketApiOptions,
): ResolvedWebSocketApiOptions {
  const merged = { ...WEBSOCKET_API_DEFAULTS, ...stripUndefined(options) };
  const match = SELECTION.exec(merged.routeSelectionExpression);
  if (!match) {
    throw invalid(
      'routeSelectionExpression must be $request.body.<path>, not' +
        ` ${JSON.stringify(merged.routeSelectionExpression)}`,
    );
  }
  if (!STAGE.test(merged.stage)) {
    throw invalid(
      `stage ${JSON.stringify(merged.stage)} must be 1-128` +
        ' letters, digits, - or _',
    );
  }
  if (merged.authorization !== 'NONE' && merged.authorization !== 'AWS_IAM') {
    throw invalid('authorization must be NONE or AWS_IAM');
  }
  if (!merged.credentials?.accessKeyId || !merged.invoker) {
    throw invalid('a WebSocket API needs credentials and an invoker');
  }
  checkRoutes(merged.routes);
  const selectionPath = (match[1] ?? match[2] ?? '').split('.');
  const logger = resolveLogger(merged.logger);
  const quotas = resolveQuotas(options.quotas);
  return { ...merged, logger, quotas, selectionPath };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as T;
}
