import { createServer, type Server } from 'node:http';
import { WebSocketServer } from 'ws';
import { LocalCloudError } from '../errors.js';
import { createApiId } from '../internal/ids.js';
import { closeServer, LOOPBACK, listenOnLoopback } from '../internal/listen.js';
import type { ApiRuntime } from './api-runtime.js';
import { CLOSE } from './close-codes.js';
import { agreedSubprotocol, handleConnect } from './connect-handler.js';
import { handleManagementRequest } from './management-api.js';
import {
  resolveWebSocketApiOptions,
  type WebSocketApiOptions,
} from './websocket-api-options.js';

/** A running WebSocket API. */
export interface WebSocketApi {
  /** The API id (`requestContext.apiId`). */
  readonly id: string;
  readonly name: string;
  readonly stage: string;
  /** `127.0.0.1:PORT`, as `requestContext.domainName` carries it. */
  readonly domainName: string;
  /** Where clients connect: `ws://127.0.0.1:PORT/STAGE`. */
  readonly url: string;
  /** The @connections endpoint: `http://127.0.0.1:PORT/STAGE`. */
  readonly managementUrl: string;
  /** Ids of the open connections. */
  connectionIds(): string[];
  /**
   * Closes every connection (code 1001, without `$disconnect`) and the
   * listener. Safe to call twice.
   */
  stop(): Promise<void>;
}

/**
 * Starts an emulated API Gateway WebSocket API on its own loopback port:
 * `$connect` (NONE or AWS_IAM), `$disconnect`, `$default` and custom routes
 * with Lambda proxy or mock integrations, API Gateway's quotas and the
 * @connections management API on the same port.
 *
 * @throws {LocalCloudError} `INVALID_OPTIONS` for bad options,
 * `START_FAILED` when no port can be had.
 * @example
 * const api = await createWebSocketApi({
 *   routes: { $default: { integration: 'lambda', functionName: 'echo',
 *     routeResponse: true } },
 *   invoker, credentials });
 * const socket = new WebSocket(api.url);
 */
export async function createWebSocketApi(
  options: WebSocketApiOptions,
): Promise<WebSocketApi> {
  const resolved = resolveWebSocketApiOptions(options);
  const server = createServer();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: resolved.quotas.messageBytes,
    perMessageDeflate: false,
    clientTracking: false,
    handleProtocols: (_offered, request) => agreedSubprotocol(request),
  });
  let port: number;
  try {
    port = await listenOnLoopback(server);
  } catch (cause) {
    throw new LocalCloudError(
      'START_FAILED',
      'the WebSocket API could not' + ' listen on the loopback interface',
      { cause },
    );
  }
  const domainName = `${LOOPBACK}:${port}`;
  const runtime: ApiRuntime = {
    options: resolved,
    source: { apiId: createApiId(), stage: resolved.stage, domainName },
    connections: new Map(),
    wss,
    upgrading: new Set(),
    stopping: false,
  };
  const { logger } = resolved;
  server.on('upgrade', (request, socket, head) => {
    handleConnect(runtime, request, socket, head).catch((error) => {
      logger.error('a $connect failed', error);
      socket.destroy();
    });
  });
  server.on('request', (request, response) => {
    handleManagementRequest(runtime, request, response).catch((error) => {
      logger.error('an @connections request failed', error);
      response.destroy();
    });
  });
  return describeApi(runtime, server);
}

function describeApi(runtime: ApiRuntime, server: Server): WebSocketApi {
  const { apiId, stage, domainName } = runtime.source;
  return {
    id: apiId,
    name: runtime.options.name,
    stage,
    domainName,
    url: `ws://${domainName}/${stage}`,
    managementUrl: `http://${domainName}/${stage}`,
    connectionIds: () =>
      [...runtime.connections.values()]
        .filter((connection) => connection.state === 'open')
        .map((connection) => connection.id),
    stop: async () => {
      runtime.stopping = true;
      // Upgrade requests are no longer the HTTP server's: end them here.
      for (const socket of runtime.upgrading) {
        socket.destroy();
      }
      await closeAll(runtime);
      runtime.wss.close();
      await closeServer(server);
    },
  };
}

// How long a stop waits for clients to answer the close frame before it
// cuts their sockets.
const CLOSE_GRACE_MS = 1000;

async function closeAll(runtime: ApiRuntime): Promise<void> {
  const sockets = [...runtime.connections.values()]
    .map((connection) => connection.socket)
    .filter((socket) => socket !== undefined);
  const closed = sockets.map(
    (socket) =>
      new Promise<void>((resolve) => {
        if (socket.readyState === socket.CLOSED) {
          resolve();
          return;
        }
        socket.once('close', () => resolve());
        socket.close(CLOSE.goingAway.code, CLOSE.goingAway.reason);
      }),
  );
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLOSE_GRACE_MS);
  });
  await Promise.race([Promise.all(closed), grace]);
  clearTimeout(timer);
  for (const socket of sockets) {
    socket.terminate();
  }
}
