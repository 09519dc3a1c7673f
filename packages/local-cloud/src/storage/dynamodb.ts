import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { LocalCloudError } from '../errors.js';
import { closeServer, LOOPBACK, listenOnLoopback } from '../internal/listen.js';
import { type LocalService, stopOnce } from './local-service.js';

type Dynalite = (options: {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => Server;

const require = createRequire(import.meta.url);

/** Options of {@link startDynamoDb}. */
export interface DynamoDbOptions {
  /**
   * Where dynalite keeps its tables (a LevelDB directory); in memory when
   * not given.
   * @default undefined
   */
  readonly directory?: string;
}

/**
 * Starts dynalite, DynamoDB's API over LevelDB, on an ephemeral loopback
 * port. Tables become ACTIVE at once (no CREATING delay).
 *
 * @throws {LocalCloudError} `START_FAILED` when dynalite cannot start.
 * @example
 * const dynamodb = await startDynamoDb();
 * const client = new DynamoDBClient({ endpoint: dynamodb.endpoint });
 * await dynamodb.stop();
 */
export async function startDynamoDb(
  options: DynamoDbOptions = {},
): Promise<LocalService> {
  try {
    const dynalite = require('dynalite') as Dynalite;
    const server = dynalite({
      path: options.directory,
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
    });
    const port = await listenOnLoopback(server);
    return {
      endpoint: `http://${LOOPBACK}:${port}`,
      stop: stopOnce(() => closeServer(server)),
    };
  } catch (cause) {
    throw new LocalCloudError('START_FAILED', 'dynalite could not start', {
      cause,
    });
  }
}
