import { isRecord } from './is-record.js';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

function readHttpTrigger(event: Record<string, unknown>): string | undefined {
  const context = isRecord(event.requestContext) ? event.requestContext : {};
  const http = isRecord(context.http) ? context.http : {};
  const routeKey = text(event.routeKey) ?? text(context.routeKey);
  // A catch-all route says little: the request's own method and path do.
  if (routeKey === '$default' && text(http.method)) {
    return `${http.method} ${text(http.path) ?? '/'}`;
  }
  if (routeKey) return routeKey;
  const method = text(event.httpMethod);
  const resource = text(event.resource) ?? text(event.path);
  return method && resource ? `${method} ${resource}` : undefined;
}

function readRecordSource(event: Record<string, unknown>): string | undefined {
  const records = Array.isArray(event.Records) ? event.Records : [];
  const first: unknown = records[0];
  if (!isRecord(first)) return undefined;
  return text(first.eventSource) ?? text(first.EventSource);
}

/**
 * Names what triggered an invocation from the event's shape: an HTTP or
 * WebSocket route key (`GET /items`), an event source (`aws:sqs`,
 * `aws.events`), or `invoke` for anything else.
 */
export function readTrigger(event: unknown): string {
  if (!isRecord(event)) return 'invoke';
  return (
    readHttpTrigger(event) ??
    readRecordSource(event) ??
    text(event.source) ??
    'invoke'
  );
}
