import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { createRelayHandler } from '../../src/index.js';
import { CREDENTIALS, REGION, startDynalite } from './backends.js';
import { startMiniWebSocketApi } from './mini-websocket-api.js';
import { TestSocket } from './test-socket.js';

export const TABLE = 'tether-relay';
export const STAGE = 'dev';

/** The relay behind a WebSocket API, on dynalite. */
export interface RelayStack {
  url: string;
  table: Awaited<ReturnType<typeof startDynalite>>;
  open(kind: string): Promise<TestSocket>;
  stop(): Promise<void>;
}

/** Stands up the WebSocket API with the relay handler behind it. */
export async function startRelayStack(): Promise<RelayStack> {
  const table = await startDynalite(TABLE);
  const handler = createRelayHandler({
    tableName: TABLE,
    dynamodb: table.client,
    managementClient: (endpoint) =>
      new ApiGatewayManagementApiClient({
        endpoint,
        region: REGION,
        credentials: { ...CREDENTIALS },
      }),
  });
  const api = await startMiniWebSocketApi(STAGE, handler as never);
  const sockets: TestSocket[] = [];
  return {
    url: api.url,
    table,
    async open(kind) {
      const socket = await TestSocket.open(api.url, kind);
      sockets.push(socket);
      return socket;
    },
    async stop() {
      for (const socket of sockets) socket.close();
      await api.stop();
      await table.stop();
    },
  };
}
