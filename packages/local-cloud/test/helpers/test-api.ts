import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createWebSocketApi,
  type LocalCredentials,
  type WebSocketApi,
  type WebSocketApiDefinition,
} from '../../src/index.js';
import { type HandlerSources, startFunctions } from './functions.js';
import { waitForJson } from './sockets.js';

/** The key pair the WebSocket tests configure. */
export const TEST_CREDENTIALS: LocalCredentials = {
  accessKeyId: 'AKIDLOCALTEST',
  secretAccessKey: 'local-secret',
};

/**
 * A handler that records each event in `EVENTS_DIR` as
 * `{routeKey without $}-{connectionId}.json`, then answers with it.
 */
export const RECORDER = `
const fs = require('node:fs');
const path = require('node:path');
exports.handler = async (event) => {
  const c = event.requestContext;
  const name = c.routeKey.replace('$', '') + '-' + c.connectionId + '.json';
  fs.writeFileSync(path.join(process.env.EVENTS_DIR, name),
    JSON.stringify(event));
  return { statusCode: 200, body: JSON.stringify(event) };
};`;

export interface TestApi {
  readonly api: WebSocketApi;
  /** The event a handler recorded for a route and connection. */
  recorded(
    routeKey: string,
    connectionId: string,
  ): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * Starts real functions from `sources` (with `EVENTS_DIR` and the test
 * credentials) and a WebSocket API on them.
 */
export async function startTestApi(
  sources: HandlerSources,
  definition: WebSocketApiDefinition & { accountId?: string },
): Promise<TestApi> {
  const events = await mkdtemp(join(tmpdir(), 'local-cloud-events-'));
  const functions = await startFunctions(sources, {
    environment: { EVENTS_DIR: events },
    credentials: TEST_CREDENTIALS,
  });
  const api = await createWebSocketApi({
    ...definition,
    invoker: functions.invoker,
    credentials: TEST_CREDENTIALS,
  });
  return {
    api,
    recorded: (routeKey, id) =>
      waitForJson(join(events, `${routeKey.replace('$', '')}-${id}.json`)),
    recordedCount: async () => (await readdir(events)).length,
    stop: async () => {
      await api.stop();
      await functions.stop();
      await rm(events, { recursive: true, force: true });
    },
  };
}
