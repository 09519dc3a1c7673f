import type { ApiRequest, ApiResponse } from './api-server.js';
import { header } from './request-parts.js';
import type { HttpCors } from './types.js';

// Limitation: origins match exactly or through `*`, no wildcard patterns.
function allowedOrigin(cors: HttpCors, origin: string): string | undefined {
  if (cors.allowOrigins.includes('*')) return '*';
  return cors.allowOrigins.includes(origin) ? origin : undefined;
}

/**
 * The preflight answer an HTTP API with a CORS configuration gives on its
 * own, without calling any integration, or `undefined` when `request` is
 * no preflight.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
 */
export function answerPreflight(
  cors: HttpCors | undefined,
  request: ApiRequest,
): ApiResponse | undefined {
  const origin = header(request, 'origin');
  const wanted = header(request, 'access-control-request-method');
  if (!cors || request.method !== 'OPTIONS' || !origin || !wanted) {
    return undefined;
  }
  const headers = corsHeaders(cors, origin);
  const allow = (list: string[]) => list.join(',') || '*';
  headers.push(['access-control-allow-methods', allow(cors.allowMethods)]);
  if (cors.allowHeaders.length > 0) {
    headers.push(['access-control-allow-headers', cors.allowHeaders.join(',')]);
  }
  if (cors.maxAge !== undefined) {
    headers.push(['access-control-max-age', String(cors.maxAge)]);
  }
  return { status: 204, headers, body: '' };
}

/** The CORS headers added to an answer for a request from `origin`. */
export function corsHeaders(
  cors: HttpCors | undefined,
  origin: string | undefined,
): Array<[string, string]> {
  if (!cors || !origin) return [];
  const allowed = allowedOrigin(cors, origin);
  if (!allowed) return [];
  const headers: Array<[string, string]> = [
    ['access-control-allow-origin', allowed],
  ];
  if (cors.allowCredentials) {
    headers.push(['access-control-allow-credentials', 'true']);
  }
  if (cors.exposeHeaders.length > 0) {
    headers.push([
      'access-control-expose-headers',
      cors.exposeHeaders.join(','),
    ]);
  }
  return headers;
}
