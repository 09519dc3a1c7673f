import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { createGatewayId } from '../internal/ids.js';
import { toSignedRequest } from '../sigv4/signed-request.js';
import { verifyPresignedRequest } from '../sigv4/verify-presigned-url.js';
import type { ApiRuntime } from './api-runtime.js';
import type { Connection } from './connection.js';
import { attachSocket } from './connection-lifecycle.js';
import {
  connectStatus,
  type IntegrationOutcome,
  invokeIntegration,
} from './integration.js';
import { createConnectEvent } from './proxy-events.js';

// The subprotocol each accepted upgrade agreed on: only what the $connect
// integration answered in its `Sec-WebSocket-Protocol` header, as API
// Gateway sends back no subprotocol of its own accord.
const subprotocols = new WeakMap<IncomingMessage, string>();

/**
 * The subprotocol to answer an upgrade with (ws's `handleProtocols`), or
 * `false` for none.
 */
export function agreedSubprotocol(request: IncomingMessage): string | false {
  return subprotocols.get(request) ?? false;
}

function subprotocolOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const headers = (result as { headers?: unknown }).headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  for (const [name, value] of Object.entries(headers)) {
    const wanted = name.toLowerCase() === 'sec-websocket-protocol';
    if (wanted && typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** Answers an upgrade request with an HTTP error, and hangs up. */
function refuseUpgrade(socket: Duplex, status: number, message: string) {
  if (socket.destroyed) {
    return;
  }
  const body = JSON.stringify({ message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `x-amzn-RequestId: ${createGatewayId()}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

function sourceIpOf(request: IncomingMessage): string {
  return (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

// The identity API Gateway puts in requestContext for an IAM caller.
// Local-cloud knows only the access key, so the key stands in for the
// principal id (`caller`, `user`) that AWS would look up.
function iamIdentity(
  accessKeyId: string,
  accountId: string,
  request: IncomingMessage,
): Record<string, unknown> {
  return {
    cognitoIdentityPoolId: null,
    cognitoIdentityId: null,
    principalOrgId: null,
    cognitoAuthenticationType: null,
    userArn: `arn:aws:iam::${accountId}:user/local-cloud`,
    userAgent: request.headers['user-agent'],
    accountId,
    caller: accessKeyId,
    sourceIp: sourceIpOf(request),
    accessKey: accessKeyId,
    cognitoAuthenticationProvider: null,
    user: accessKeyId,
  };
}

function createConnection(
  request: IncomingMessage,
  identity: Record<string, unknown> | undefined,
): Connection {
  const now = Date.now();
  const sourceIp = sourceIpOf(request);
  const userAgent = request.headers['user-agent'];
  return {
    id: createGatewayId(),
    connectedAt: now,
    lastActiveAt: now,
    sourceIp,
    userAgent,
    identity: identity ?? { userAgent, sourceIp },
    state: 'pending',
    timers: [],
  };
}

function refusalOf(outcome: IntegrationOutcome): [number, string] {
  if (!outcome.ok) {
    return 'timedOut' in outcome
      ? [504, 'Endpoint request timed out']
      : [500, 'Internal server error'];
  }
  const status = connectStatus(outcome.result);
  return [status, STATUS_CODES[status] ?? 'Error'];
}

/**
 * Handles a WebSocket upgrade as API Gateway's `$connect`: the stage path,
 * the IAM signature (403 before any upgrade), then the `$connect`
 * integration, whose error or non-2xx `statusCode` refuses the connection.
 */
export async function handleConnect(
  runtime: ApiRuntime,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  socket.on('error', () => socket.destroy());
  runtime.upgrading.add(socket);
  try {
    await upgrade(runtime, request, socket, head);
  } finally {
    runtime.upgrading.delete(socket);
  }
}

async function upgrade(
  runtime: ApiRuntime,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  const { options } = runtime;
  const path = (request.url ?? '/').split('?')[0];
  if (runtime.stopping || path !== `/${options.stage}`) {
    refuseUpgrade(socket, 403, 'Forbidden');
    return;
  }
  let identity: Record<string, unknown> | undefined;
  if (options.authorization === 'AWS_IAM') {
    const check = await verifyPresignedRequest(toSignedRequest(request), {
      credentials: options.credentials,
      region: options.region,
      service: 'execute-api',
    });
    if (!check.ok) {
      options.logger.debug(`$connect refused: ${check.refusal}`);
      refuseUpgrade(socket, 403, check.message);
      return;
    }
    identity = iamIdentity(check.accessKeyId, options.accountId, request);
  }
  const connection = createConnection(request, identity);
  runtime.connections.set(connection.id, connection);
  const accepted = await runConnectRoute(runtime, connection, request, socket);
  if (!accepted || socket.destroyed || runtime.stopping) {
    connection.state = 'closed';
    runtime.connections.delete(connection.id);
    if (accepted) {
      // Stopping while $connect ran: the refusal, if any, is already sent.
      socket.destroy();
    }
    return;
  }
  runtime.wss.handleUpgrade(request, socket, head, (ws) =>
    attachSocket(runtime, connection, ws, socket),
  );
}

async function runConnectRoute(
  runtime: ApiRuntime,
  connection: Connection,
  request: IncomingMessage,
  socket: Duplex,
): Promise<boolean> {
  const { options } = runtime;
  const route = options.routes.$connect;
  if (route?.integration !== 'lambda') {
    return true;
  }
  const event = createConnectEvent(runtime.source, connection, request);
  const outcome = await invokeIntegration(runtime, route.functionName, event);
  const [status, message] = refusalOf(outcome);
  if (status >= 200 && status < 300) {
    const subprotocol = outcome.ok ? subprotocolOf(outcome.result) : undefined;
    if (subprotocol) subprotocols.set(request, subprotocol);
    return true;
  }
  refuseUpgrade(socket, status, message);
  return false;
}
