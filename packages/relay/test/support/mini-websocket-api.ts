import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** A Lambda handler behind every route. */
export type RouteHandler = (event: unknown) => Promise<{ statusCode: number }>;

/**
 * The smallest API Gateway WebSocket API the relay needs while
 * local-cloud's is not there: `$connect`/`$disconnect`/`$default` events,
 * and @connections POST and DELETE. No signature checks.
 */
export async function startMiniWebSocketApi(
  stage: string,
  handler: RouteHandler,
): Promise<{ url: string; stop(): Promise<void> }> {
  const sockets = new Map<string, WebSocket>();
  const wss = new WebSocketServer({ noServer: true });
  const server: Server = createServer((req, res) => {
    const match = /^\/[^/]+\/@connections\/([^/?]+)/.exec(req.url ?? '');
    const socket = match
      ? sockets.get(decodeURIComponent(match[1] ?? ''))
      : undefined;
    if (socket === undefined) {
      res.writeHead(410).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'DELETE') socket.close(1000);
      else socket.send(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200).end();
    });
  });
  let count = 0;
  let port = 0;
  const domain = (): string => `127.0.0.1:${port}`;
  const event = (id: string, routeKey: string, extra: object) => ({
    requestContext: {
      routeKey,
      connectionId: id,
      domainName: domain(),
      stage,
      identity: { sourceIp: '127.0.0.1' },
    },
    ...extra,
  });
  server.on('upgrade', async (req: IncomingMessage, tcp, head) => {
    const id = `conn${++count}=`;
    const query = Object.fromEntries(
      new URL(req.url ?? '/', 'http://x').searchParams,
    );
    const connected = await handler(
      event(id, '$connect', { queryStringParameters: query }),
    );
    if (connected.statusCode !== 200) {
      tcp.end(`HTTP/1.1 ${connected.statusCode} Refused\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, tcp, head, (ws) => {
      sockets.set(id, ws);
      ws.on('message', (data) => {
        void handler(event(id, '$default', { body: data.toString() })).catch(
          () => {},
        );
      });
      ws.on('close', () => {
        sockets.delete(id);
        void handler(event(id, '$disconnect', {})).catch(() => {});
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `ws://${domain()}/${stage}`,
    async stop() {
      for (const ws of sockets.values()) ws.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
