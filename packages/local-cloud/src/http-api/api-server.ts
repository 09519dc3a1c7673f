import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One HTTP request as an API emulation sees it. */
export interface ApiRequest {
  method: string;
  /** Path as sent, percent-encoded, without the query string. */
  path: string;
  /** The query string without `?`, as sent. */
  query: string;
  /** Header pairs with the names' case as sent. */
  headers: Array<[string, string]>;
  body: Buffer;
  sourceIp: string;
  /** The Host header. */
  host: string;
}

/** The answer to one request. */
export interface ApiResponse {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer | string;
}

/** Answers requests; swapped when a deploy changes the API. */
export type ApiHandler = (request: ApiRequest) => Promise<ApiResponse>;

/** A loopback HTTP server whose handler can be swapped without a restart. */
export interface ApiServer {
  readonly port: number;
  setHandler(handler: ApiHandler): void;
  stop(): Promise<void>;
}

/**
 * Starts a server on 127.0.0.1 (`port` 0 picks a free one) that hands each
 * request, body read, to the current handler.
 *
 * @throws when the port cannot be bound.
 * @example
 * const server = await startApiServer(async () => ({
 *   status: 200, headers: [], body: 'ok' }));
 */
export async function startApiServer(
  handler: ApiHandler,
  port = 0,
): Promise<ApiServer> {
  let current = handler;
  const server = createServer((req, res) => {
    void serve(req, res, current);
  });
  server.keepAliveTimeout = 1000;
  await listen(server, port);
  return {
    port: (server.address() as AddressInfo).port,
    setHandler: (next) => {
      current = next;
    },
    stop: () => close(server),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  handler: ApiHandler,
): Promise<void> {
  try {
    const response = await handler(await readRequest(req));
    res.statusCode = response.status;
    for (const [name, value] of response.headers) res.appendHeader(name, value);
    res.end(response.body);
  } catch {
    res.statusCode = 500;
    res.setHeader('content-type', 'application/json');
    res.end('{"message":"Internal Server Error"}');
  }
}

async function readRequest(req: IncomingMessage): Promise<ApiRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const target = req.url ?? '/';
  const mark = target.indexOf('?');
  const headers: Array<[string, string]> = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.push([
      req.rawHeaders[i] as string,
      req.rawHeaders[i + 1] as string,
    ]);
  }
  return {
    method: req.method ?? 'GET',
    path: mark === -1 ? target : target.slice(0, mark),
    query: mark === -1 ? '' : target.slice(mark + 1),
    headers,
    body: Buffer.concat(chunks),
    sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    host: req.headers.host ?? '',
  };
}

/** A JSON response such as API Gateway's own `{"message": …}` answers. */
export function jsonResponse(status: number, body: unknown): ApiResponse {
  return {
    status,
    headers: [['content-type', 'application/json']],
    body: JSON.stringify(body),
  };
}
