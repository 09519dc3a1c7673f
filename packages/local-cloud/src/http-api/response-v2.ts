import type { InvokeOutcome } from '../assembly/host.js';
import { type ApiResponse, jsonResponse } from './api-server.js';

const SERVER_ERROR = { message: 'Internal Server Error' };
// What an HTTP API answers as the type of a body the function left untyped.
const UNTYPED = 'text/plain; charset=utf-8';

/**
 * Maps a Lambda outcome to the HTTP response, as an HTTP API does for
 * payload format 2.0: an object with `statusCode` gives status, headers,
 * `cookies` (one Set-Cookie each) and a body, base64-decoded when
 * `isBase64Encoded`; anything else (a string, an object without
 * `statusCode`) is a 200 JSON answer with that value as the body. An answer
 * naming no Content-Type gets `text/plain; charset=utf-8`. A failed
 * invocation or a malformed answer is a 500.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html#http-api-develop-integrations-lambda.response
 */
export function mapResponseV2(outcome: InvokeOutcome): ApiResponse {
  if (!outcome.ok) return jsonResponse(500, SERVER_ERROR);
  const result = outcome.result;
  if (!isObject(result) || !('statusCode' in result)) {
    const body =
      typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return {
      status: 200,
      headers: [['content-type', 'application/json']],
      body,
    };
  }
  const status = Number(result.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    return jsonResponse(500, SERVER_ERROR);
  }
  const headers = withContentType(
    headerPairs(result.headers),
    [result.headers],
    UNTYPED,
  );
  for (const cookie of asStrings(result.cookies)) {
    headers.push(['set-cookie', cookie]);
  }
  return { status, headers, body: decodeBody(result) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Header pairs from a `headers` map and a `multiValueHeaders` map. */
export function headerPairs(
  headers: unknown,
  multiValueHeaders?: unknown,
): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const single = isObject(headers) ? headers : {};
  const multi = isObject(multiValueHeaders) ? multiValueHeaders : {};
  for (const [name, value] of Object.entries(single)) {
    if (name in multi || value === null || value === undefined) continue;
    pairs.push([name, String(value)]);
  }
  for (const [name, values] of Object.entries(multi)) {
    for (const value of asStrings(values)) pairs.push([name, value]);
  }
  return pairs;
}

/**
 * `headers` with `type` as Content-Type unless one of the answer's header
 * maps (`declared`) names it; naming it `null` keeps it off, as in AWS.
 */
export function withContentType(
  headers: Array<[string, string]>,
  declared: unknown[],
  type: string,
): Array<[string, string]> {
  const names = (map: unknown) => (isObject(map) ? Object.keys(map) : []);
  const named = declared
    .flatMap(names)
    .some((name) => name.toLowerCase() === 'content-type');
  return named ? headers : [...headers, ['content-type', type]];
}

function asStrings(values: unknown): string[] {
  return Array.isArray(values) ? values.map((value) => String(value)) : [];
}

/** The body of a structured answer, decoded when `isBase64Encoded`. */
export function decodeBody(result: Record<string, unknown>): Buffer | string {
  const body = result.body;
  if (body === undefined || body === null) return '';
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return result.isBase64Encoded === true ? Buffer.from(text, 'base64') : text;
}
