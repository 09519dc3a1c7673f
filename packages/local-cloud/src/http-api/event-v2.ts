import type { ApiRequest } from './api-server.js';
import {
  domainPrefix,
  extendedRequestId,
  flatten,
  header,
  headerValues,
  isTextContent,
  queryValues,
  requestTime,
} from './request-parts.js';
import type { HttpApiConfig } from './types.js';

/** What the event needs beyond the request itself. */
export interface EventV2Input {
  config: HttpApiConfig;
  request: ApiRequest;
  routeKey: string;
  pathParameters: Record<string, string>;
  authorizer?: unknown;
  now: Date;
}

/**
 * The payload format 2.0 event an HTTP API hands a Lambda integration:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 * Cookies leave the headers for `cookies`; repeated headers and query
 * parameters are joined with commas; absent parts are left out.
 */
export function createEventV2(input: EventV2Input): Record<string, unknown> {
  const { request } = input;
  const headers = headerValues(input.request, true);
  const cookies = (headers.get('cookie') ?? []).flatMap((line) =>
    line.split(';').map((part) => part.trim()),
  );
  headers.delete('cookie');
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: request.path,
    rawQueryString: request.query,
  };
  if (cookies.length > 0) event.cookies = cookies;
  event.headers = flatten(headers, (all) => all.join(',')) ?? {};
  const query = flatten(queryValues(request.query), (all) => all.join(','));
  if (query) event.queryStringParameters = query;
  event.requestContext = requestContextV2(input);
  Object.assign(event, requestBody(request));
  if (Object.keys(input.pathParameters).length > 0) {
    event.pathParameters = input.pathParameters;
  }
  const variables = input.config.stageVariables;
  if (Object.keys(variables).length > 0) event.stageVariables = variables;
  return event;
}

/** The `requestContext` of a 2.0 event (also sent to authorizers). */
export function requestContextV2(input: EventV2Input) {
  const { request, config, now } = input;
  const context: Record<string, unknown> = {
    accountId: config.accountId,
    apiId: config.apiId,
  };
  if (input.authorizer !== undefined) context.authorizer = input.authorizer;
  Object.assign(context, {
    domainName: request.host,
    domainPrefix: domainPrefix(request.host),
    http: {
      method: request.method,
      path: request.path,
      protocol: 'HTTP/1.1',
      sourceIp: request.sourceIp,
      userAgent: header(request, 'user-agent') ?? '',
    },
    requestId: extendedRequestId(),
    routeKey: input.routeKey,
    stage: config.stageName,
    time: requestTime(now),
    timeEpoch: now.getTime(),
  });
  return context;
}

/**
 * The request body as HTTP APIs hand it on: text for text types, else
 * base64; no `body` at all when empty.
 */
export function requestBody(request: ApiRequest) {
  if (request.body.length === 0) return { isBase64Encoded: false };
  if (isTextContent(header(request, 'content-type'))) {
    return { body: request.body.toString('utf8'), isBase64Encoded: false };
  }
  return { body: request.body.toString('base64'), isBase64Encoded: true };
}
