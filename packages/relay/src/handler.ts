import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RelayError } from './errors.js';
import type { WebSocketEvent, WebSocketResult } from './event.js';
import {
  ConnectionsApi,
  managementEndpoint,
} from './internal/connections-api.js';
import { handleMessage } from './internal/dispatch.js';
import type { RelayDeps } from './internal/relay-deps.js';
import { handleConnect } from './internal/routes/connect.js';
import { handleDisconnect } from './internal/routes/disconnect.js';
import { RelayTable } from './internal/table.js';
import { TtlCache } from './internal/ttl-cache.js';
import { type RelayOptions, resolveRelayOptions } from './options.js';

/** A relay handler: one Lambda function behind every route. */
export type RelayHandler = (event: WebSocketEvent) => Promise<WebSocketResult>;

/**
 * Makes the relay's Lambda handler. It dispatches on
 * `requestContext.routeKey`: `$connect`, `$disconnect`, and any other route
 * (`$default` or an action's route) as a protocol message.
 *
 * @param options - Precedence: argument > environment (`TETHER_TABLE`,
 *   `TETHER_CACHE_TTL_MS`) > {@link DEFAULTS}.
 * @param env - The environment to read. @default `process.env`
 * @throws {RelayError} `INVALID_OPTIONS` when no table name is given.
 * @example
 * ```ts
 * const handler = createRelayHandler({
 *   tableName: 'tether',
 *   dynamodb: new DynamoDBClient({ endpoint: 'http://127.0.0.1:4567' }),
 * });
 * ```
 */
export function createRelayHandler(
  options: RelayOptions = {},
  env: Record<string, string | undefined> = process.env,
): RelayHandler {
  const resolved = resolveRelayOptions(options, env);
  if (resolved.tableName === '') {
    const message = 'the relay needs a table: set TETHER_TABLE';
    throw new RelayError('INVALID_OPTIONS', message);
  }
  const createClient =
    resolved.managementClient ??
    ((endpoint: string) => new ApiGatewayManagementApiClient({ endpoint }));
  const deps: RelayDeps = {
    table: new RelayTable(
      resolved.dynamodb ?? new DynamoDBClient({}),
      resolved.tableName,
      resolved.itemTtlSeconds,
    ),
    api: new ConnectionsApi(createClient),
    runners: new TtlCache(resolved.cacheTtlMs, resolved.now),
    connections: new TtlCache(resolved.cacheTtlMs, resolved.now),
    logger: resolved.logger,
    now: resolved.now,
  };
  return (event) => dispatchRoute(deps, event);
}

async function dispatchRoute(
  deps: RelayDeps,
  event: WebSocketEvent,
): Promise<WebSocketResult> {
  const { routeKey, connectionId, domainName, stage } = event.requestContext;
  if (routeKey === '$connect') return handleConnect(deps, event);
  if (routeKey === '$disconnect') return handleDisconnect(deps, event);

  const endpoint = managementEndpoint(domainName, stage);
  await handleMessage(deps, { connectionId, endpoint }, event);
  return { statusCode: 200 };
}

let shared: RelayHandler | undefined;

/**
 * The Lambda entry point (`index.handler` in the asset): a relay
 * configured from the environment, made on the first event and reused
 * while the execution environment stays warm.
 *
 * @throws {RelayError} `INVALID_OPTIONS` when `TETHER_TABLE` is not set.
 * @example
 * ```ts
 * // Lambda: handler "index.handler", environment TETHER_TABLE=tether
 * export { handler } from '@tether/relay';
 * ```
 */
export function handler(event: WebSocketEvent): Promise<WebSocketResult> {
  shared ??= createRelayHandler();
  return shared(event);
}
