import { randomBytes } from 'node:crypto';
import type { ApiRequest } from './api-server.js';

/** Query parameters grouped by name, values in the order sent. */
export function queryValues(query: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(query)) {
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return values;
}

/** Header values grouped by name, as sent or lower-cased. */
export function headerValues(
  request: ApiRequest,
  lowerCase: boolean,
): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const [raw, value] of request.headers) {
    const name = lowerCase ? raw.toLowerCase() : raw;
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return values;
}

/** One value per name (`pick` chooses which), or `null` when empty. */
export function flatten<T>(
  values: Map<string, string[]>,
  pick: (all: string[]) => T,
): Record<string, T> | null {
  if (values.size === 0) return null;
  const flat: Record<string, T> = {};
  for (const [name, all] of values) flat[name] = pick(all);
  return flat;
}

/** A header value by case-insensitive name. */
export function header(request: ApiRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return request.headers.find(([key]) => key.toLowerCase() === wanted)?.[1];
}

// Observed on AWS: form bodies and bodies without a type arrive base64.
const TEXT_TYPES = [/^text\//, /json/, /xml/, /javascript/];

/**
 * Whether HTTP APIs pass a body with this content type as text: `text/*`,
 * JSON, XML and JavaScript; anything else, a missing type and form bodies
 * included, is base64.
 */
export function isTextContent(contentType: string | undefined): boolean {
  if (!contentType) return false;
  return TEXT_TYPES.some((pattern) => pattern.test(contentType.toLowerCase()));
}

/** `12/Mar/2020:19:03:58 +0000`, API Gateway's request time. */
export function requestTime(date: Date): string {
  const months = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}`;
  const time = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    .map(pad)
    .join(':');
  return `${day}/${date.getUTCFullYear()}:${time} +0000`;
}

/** A request id shaped like API Gateway's extended ids (`JKJaXmPLvHcESHA=`). */
export function extendedRequestId(): string {
  return `${randomBytes(10).toString('base64').slice(0, 15)}=`;
}

/** The first label of the Host header, as `domainPrefix`. */
export function domainPrefix(host: string): string {
  return host.split('.')[0]?.split(':')[0] ?? host;
}

/**
 * The request with the headers API Gateway adds before integrations see it
 * (`X-Forwarded-For`, `-Port`, `-Proto`, `X-Amzn-Trace-Id`), unless the
 * client sent them.
 */
export function withGatewayHeaders(request: ApiRequest): ApiRequest {
  const port = request.host.split(':')[1] ?? '80';
  const seconds = Math.floor(Date.now() / 1000).toString(16);
  const added: Array<[string, string]> = [
    ['X-Forwarded-For', request.sourceIp],
    ['X-Forwarded-Port', port],
    ['X-Forwarded-Proto', 'http'],
    ['X-Amzn-Trace-Id', `Root=1-${seconds}-${randomBytes(12).toString('hex')}`],
  ];
  const missing = added.filter(([name]) => header(request, name) === undefined);
  return { ...request, headers: [...request.headers, ...missing] };
}
