import type { InvokeOutcome } from '../assembly/host.js';
import { type ApiResponse, jsonResponse } from '../http-api/api-server.js';
import {
  decodeBody,
  headerPairs,
  withContentType,
} from '../http-api/response-v2.js';
import { isBinary } from './binary.js';

const BAD_GATEWAY = jsonResponse(502, { message: 'Internal server error' });

/** How to read an answer: see {@link mapResponseV1}. */
export interface ResponseV1Options {
  /** The API's binary media types, or `'all'` (HTTP APIs). */
  binaryMediaTypes: string[] | 'all';
  /** The request's Accept header (its first media type counts). */
  accept?: string;
  /**
   * The Content-Type of an answer that names none.
   * @default `'application/json'`, as REST APIs answer
   */
  defaultContentType?: string;
  /**
   * The answer for a failed invocation or a malformed result.
   * @default 502 `{"message":"Internal server error"}`, as REST APIs answer
   */
  failure?: ApiResponse;
}

/**
 * Maps a Lambda proxy integration's outcome to the HTTP response as a REST
 * API does: `statusCode`, `headers` and `multiValueHeaders` merged (an
 * answer naming no Content-Type gets `defaultContentType`), the body
 * base64-decoded when `isBase64Encoded` and the first type of the
 * request's Accept is a binary media type (`'all'`: always, as HTTP APIs
 * do; the answer's own Content-Type does not count); a failed
 * invocation, an answer without a valid `statusCode` or with a `body` that
 * is not a string (nor null) is `failure`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-output-format
 */
export function mapResponseV1(
  outcome: InvokeOutcome,
  options: ResponseV1Options,
): ApiResponse {
  const { binaryMediaTypes, accept, failure = BAD_GATEWAY } = options;
  const answer = wellFormed(outcome);
  if (!answer) return failure;
  const declared = headerPairs(answer.headers, answer.multiValueHeaders);
  // Only the first Accept type counts, as in API Gateway.
  const binary =
    binaryMediaTypes === 'all' ||
    isBinary(accept?.split(',')[0], binaryMediaTypes);
  return {
    status: Number(answer.statusCode),
    headers: withContentType(
      declared,
      [answer.headers, answer.multiValueHeaders],
      options.defaultContentType ?? 'application/json',
    ),
    body: decodeBody(binary ? answer : { ...answer, isBase64Encoded: false }),
  };
}

// The answer when it is a proxy response API Gateway accepts.
function wellFormed(outcome: InvokeOutcome) {
  if (!outcome.ok) return undefined;
  const answer = outcome.result;
  if (typeof answer !== 'object' || answer === null) return undefined;
  const { statusCode, body } = answer as Record<string, unknown>;
  const status = Number(statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    return undefined;
  }
  if (body !== undefined && body !== null && typeof body !== 'string') {
    return undefined;
  }
  return answer as Record<string, unknown>;
}
