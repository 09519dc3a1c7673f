import type { IncomingMessage } from 'node:http';
import { createGatewayId, createTraceId } from '../internal/ids.js';
import type { Connection } from './connection.js';

/** The parts of an API that every event names. */
export interface EventSource {
  readonly apiId: string;
  readonly stage: string;
  readonly domainName: string;
}

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** API Gateway's `requestTime`: `20/Jan/2024:11:55:00 +0000`. */
export function formatRequestTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/` +
    `${d.getUTCFullYear()}:${two(d.getUTCHours())}:` +
    `${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
  );
}

function context(
  source: EventSource,
  connection: Connection,
  fields: Record<string, unknown>,
  now: number,
): Record<string, unknown> {
  const requestId = createGatewayId();
  const { routeKey, eventType, ...rest } = fields;
  // Key order follows API Gateway's own events (see the shared fixtures).
  return {
    routeKey,
    ...('messageId' in rest ? { messageId: rest.messageId } : {}),
    ...('disconnectStatusCode' in rest
      ? { disconnectStatusCode: rest.disconnectStatusCode }
      : {}),
    eventType,
    extendedRequestId: requestId,
    requestTime: formatRequestTime(now),
    messageDirection: 'IN',
    ...('disconnectReason' in rest
      ? { disconnectReason: rest.disconnectReason }
      : {}),
    stage: source.stage,
    connectedAt: connection.connectedAt,
    requestTimeEpoch: now,
    identity: connection.identity,
    requestId,
    domainName: source.domainName,
    connectionId: connection.id,
    apiId: source.apiId,
  };
}

// Hop-by-hop headers that API Gateway does not pass on.
const DROPPED = new Set(['connection', 'upgrade']);

function readHeaders(request: IncomingMessage, connection: Connection) {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  const add = (name: string, value: string) => {
    single[name] = name in single ? `${single[name]},${value}` : value;
    multi[name] = [...(multi[name] ?? []), value];
  };
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (!DROPPED.has(name.toLowerCase())) {
      add(name, raw[i + 1] as string);
    }
  }
  add('X-Amzn-Trace-Id', createTraceId(connection.connectedAt));
  add('X-Forwarded-For', connection.sourceIp);
  add('X-Forwarded-Port', String(request.socket.localPort ?? ''));
  add('X-Forwarded-Proto', 'http');
  return { headers: single, multiValueHeaders: multi };
}

function readQuery(request: IncomingMessage) {
  const params = new URL(request.url ?? '/', 'http://x').searchParams;
  if ([...params.keys()].length === 0) {
    return {};
  }
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of params) {
    single[name] = value;
    multi[name] = [...(multi[name] ?? []), value];
  }
  return {
    queryStringParameters: single,
    multiValueQueryStringParameters: multi,
  };
}

/** The `$connect` event of a Lambda proxy integration. */
export function createConnectEvent(
  source: EventSource,
  connection: Connection,
  request: IncomingMessage,
): Record<string, unknown> {
  return {
    ...readHeaders(request, connection),
    ...readQuery(request),
    requestContext: context(
      source,
      connection,
      { routeKey: '$connect', eventType: 'CONNECT' },
      connection.connectedAt,
    ),
    isBase64Encoded: false,
  };
}

/** The event of a message routed to `routeKey`. */
export function createMessageEvent(
  source: EventSource,
  connection: Connection,
  routeKey: string,
  body: string,
): Record<string, unknown> {
  const fields = {
    routeKey,
    messageId: createGatewayId(),
    eventType: 'MESSAGE',
  };
  return {
    requestContext: context(source, connection, fields, Date.now()),
    body,
    isBase64Encoded: false,
  };
}

/** The `$disconnect` event, with the close code and why. */
export function createDisconnectEvent(
  source: EventSource,
  connection: Connection,
  code: number,
  reason: string,
): Record<string, unknown> {
  const host = source.domainName;
  const fields = {
    routeKey: '$disconnect',
    disconnectStatusCode: code,
    eventType: 'DISCONNECT',
    disconnectReason: reason,
  };
  return {
    headers: {
      Host: host,
      'x-api-key': '',
      'X-Forwarded-For': '',
      'x-restapi': '',
    },
    multiValueHeaders: {
      Host: [host],
      'x-api-key': [''],
      'X-Forwarded-For': [''],
      'x-restapi': [''],
    },
    requestContext: context(source, connection, fields, Date.now()),
    isBase64Encoded: false,
  };
}
