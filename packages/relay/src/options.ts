import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Logger, SILENT_LOGGER } from '@tether/codec';
import type { ManagementClientFactory } from './internal/connections-api.js';

/** The defaults of every relay option. */
export const DEFAULTS = Object.freeze({
  /** How long a warm relay trusts a registration or a connection's kind. */
  cacheTtlMs: 5_000,
  /**
   * How long table items live: API Gateway's 2-hour connection limit plus
   * a 10-minute margin, so an item never expires under a live connection.
   */
  itemTtlSeconds: 2 * 60 * 60 + 10 * 60,
  logger: SILENT_LOGGER,
});

/**
 * How the relay handler is configured. Each field is taken from the
 * argument, else from the environment variable named, else from
 * {@link DEFAULTS}.
 */
export interface RelayOptions {
  /** The DynamoDB table; env `TETHER_TABLE`; required. */
  tableName?: string;
  /**
   * Milliseconds a warm relay reuses a registration it read, and a
   * sender's kind; env `TETHER_CACHE_TTL_MS`; 0 disables the cache.
   * @default 5000
   */
  cacheTtlMs?: number;
  /**
   * Seconds before a table item expires (its `expiresAt` TTL attribute).
   * @default 7800
   */
  itemTtlSeconds?: number;
  /** The DynamoDB client. @default `new DynamoDBClient({})` */
  dynamodb?: DynamoDBClient;
  /**
   * Makes the @connections client for an endpoint.
   * @default `new ApiGatewayManagementApiClient({ endpoint })`
   */
  managementClient?: ManagementClientFactory;
  /** Where diagnostics go. @default silent */
  logger?: Logger;
  /** The clock, in epoch milliseconds. @default `Date.now` */
  now?: () => number;
}

/** {@link RelayOptions} with every field resolved. */
export interface ResolvedRelayOptions {
  tableName: string;
  cacheTtlMs: number;
  itemTtlSeconds: number;
  dynamodb: DynamoDBClient | undefined;
  managementClient: ManagementClientFactory | undefined;
  logger: Logger;
  now: () => number;
}

/** Resolves options against the environment and {@link DEFAULTS}. */
export function resolveRelayOptions(
  options: RelayOptions,
  env: Record<string, string | undefined>,
): ResolvedRelayOptions {
  return {
    tableName: options.tableName ?? env.TETHER_TABLE ?? '',
    cacheTtlMs:
      options.cacheTtlMs ??
      readNumber(env.TETHER_CACHE_TTL_MS) ??
      DEFAULTS.cacheTtlMs,
    itemTtlSeconds: options.itemTtlSeconds ?? DEFAULTS.itemTtlSeconds,
    dynamodb: options.dynamodb,
    managementClient: options.managementClient,
    logger: options.logger ?? DEFAULTS.logger,
    now: options.now ?? Date.now,
  };
}

function readNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
