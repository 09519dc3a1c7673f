import type { InvokeOutcome } from '../assembly/host.js';
import { type ApiResponse, jsonResponse } from '../http-api/api-server.js';
import { decodeBody, headerPairs } from '../http-api/response-v2.js';
import { isBinary } from './binary.js';

const BAD_GATEWAY = { message: 'Internal server error' };

/**
 * Maps a Lambda proxy integration's outcome to the HTTP response as a REST
 * API does: `statusCode`, `headers` and `multiValueHeaders` merged, the body
 * base64-decoded when `isBase64Encoded` and the answer's content type (or
 * the request's Accept) is a binary media type (`'all'`: always, as HTTP
 * APIs do); a failed invocation or an
 * answer without a valid `statusCode` is a 502.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-output-format
 */
export function mapResponseV1(
  outcome: InvokeOutcome,
  binaryMediaTypes: string[] | 'all',
  accept?: string,
): ApiResponse {
  if (!outcome.ok) return jsonResponse(502, BAD_GATEWAY);
  const result = outcome.result;
  if (typeof result !== 'object' || result === null) {
    return jsonResponse(502, BAD_GATEWAY);
  }
  const answer = result as Record<string, unknown>;
  const status = Number(answer.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    return jsonResponse(502, BAD_GATEWAY);
  }
  const headers = headerPairs(answer.headers, answer.multiValueHeaders);
  const type = headers.find(([name]) => name.toLowerCase() === 'content-type');
  const binary =
    binaryMediaTypes === 'all' ||
    isBinary(type?.[1], binaryMediaTypes) ||
    isBinary(accept, binaryMediaTypes);
  const body = binary
    ? decodeBody(answer)
    : decodeBody({ ...answer, isBase64Encoded: false });
  return { status, headers, body };
}
