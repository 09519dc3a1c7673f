import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGatewayId } from '../internal/ids.js';
import { toSignedRequest } from '../sigv4/signed-request.js';
import { verifySignedRequest } from '../sigv4/verify-signed-request.js';
import {
  type ApiRuntime,
  closeConnection,
  sendToConnection,
} from './api-runtime.js';
import { CLOSE } from './close-codes.js';
import type { Connection } from './connection.js';

type Reply = { status: number; errorType?: string; body?: unknown };

function reply(response: ServerResponse, { status, errorType, body }: Reply) {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.statusCode = status;
  response.setHeader('x-amzn-RequestId', createGatewayId());
  if (errorType) {
    response.setHeader('x-amzn-ErrorType', errorType);
  }
  if (text) {
    response.setHeader('Content-Type', 'application/json');
  }
  response.setHeader('Content-Length', Buffer.byteLength(text));
  response.end(text);
}

const forbidden = (message: string): Reply => ({
  status: 403,
  errorType: 'ForbiddenException',
  body: { message },
});
const tooLarge: Reply = {
  status: 413,
  errorType: 'PayloadTooLargeException',
  body: { message: 'Message too long' },
};
const gone: Reply = { status: 410, errorType: 'GoneException', body: {} };

/** Reads the body, up to `limit` bytes; `undefined` when it is longer. */
async function readBody(
  request: IncomingMessage,
  limit: number,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= limit) {
      chunks.push(chunk as Buffer);
    }
  }
  return size > limit ? undefined : Buffer.concat(chunks);
}

/** The connection id of `/{stage}/@connections/{id}`, if that is the path. */
function connectionIdOf(path: string, stage: string): string | undefined {
  const segments = path.split('/');
  if (segments.length !== 4 || segments[0] !== '') {
    return undefined;
  }
  try {
    const [, first, second, id] = segments.map(decodeURIComponent);
    return first === stage && second === '@connections' && id ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves the @connections management API of one WebSocket API on its
 * stage path, SigV4-checked (service `execute-api`) like AWS, so that
 * `@aws-sdk/client-apigatewaymanagementapi` works against it unchanged.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html
 */
export async function handleManagementRequest(
  runtime: ApiRuntime,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { options } = runtime;
  const body = await readBody(request, options.quotas.messageBytes);
  const signed = toSignedRequest(request, body);
  const id = connectionIdOf(signed.path, options.stage);
  const method = signed.method;
  // API Gateway answers an unknown resource or method before checking the
  // signature, with this message.
  if (id === undefined || !['GET', 'POST', 'DELETE'].includes(method)) {
    reply(response, forbidden('Missing Authentication Token'));
    return;
  }
  // The signature covers the body, so an over-long one cannot be checked.
  if (body === undefined) {
    reply(response, tooLarge);
    return;
  }
  const check = await verifySignedRequest(signed, {
    credentials: options.credentials,
    region: options.region,
    service: 'execute-api',
  });
  if (!check.ok) {
    reply(response, forbidden(check.message));
    return;
  }
  const connection = runtime.connections.get(id);
  if (connection?.state !== 'open' || connection.closedBy) {
    reply(response, gone);
    return;
  }
  reply(response, operate(runtime, connection, method, body));
}

function operate(
  runtime: ApiRuntime,
  connection: Connection,
  method: string,
  body: Buffer,
): Reply {
  if (method === 'GET') {
    return { status: 200, body: describe(connection) };
  }
  if (method === 'DELETE') {
    closeConnection(connection, CLOSE.deleted);
    return { status: 204 };
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body);
  return sendToConnection(runtime, connection, text) ? { status: 200 } : gone;
}

function describe(connection: Connection): Record<string, unknown> {
  return {
    connectedAt: new Date(connection.connectedAt).toISOString(),
    identity: {
      sourceIp: connection.sourceIp,
      userAgent: connection.userAgent ?? '',
    },
    lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
  };
}
