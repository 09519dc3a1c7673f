import { randomUUID } from 'node:crypto';
import type { ApiRequest } from '../http-api/api-server.js';
import {
  domainPrefix,
  extendedRequestId,
  flatten,
  header,
  headerValues,
  queryValues,
  requestTime,
} from '../http-api/request-parts.js';
import { isBinary } from './binary.js';

/** What a 1.0 event needs beyond the request. */
export interface EventV1Input {
  apiId: string;
  region: string;
  accountId: string;
  stageName: string;
  deploymentId?: string;
  stageVariables: Record<string, string>;
  request: ApiRequest;
  /** The request path below the stage (`/items/1`). */
  path: string;
  /** The matched resource's template (`/items/{id}`). */
  resourcePath: string;
  resourceId?: string;
  pathParameters: Record<string, string>;
  authorizer?: unknown;
  binaryMediaTypes: string[];
  now: Date;
}

/**
 * The Lambda proxy integration event of a REST API (payload format 1.0):
 * headers and query parameters both single- (last value) and multi-valued,
 * `null` for absent parts, the body base64-encoded when its content type is
 * one of the API's binary media types.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
 */
export function createEventV1(input: EventV1Input): Record<string, unknown> {
  const { request } = input;
  const headers = headerValues(request, false);
  const query = queryValues(request.query);
  const parameters = input.pathParameters;
  const variables = input.stageVariables;
  return {
    resource: input.resourcePath,
    path: input.path,
    httpMethod: request.method,
    headers: flatten(headers, (all) => all.at(-1) as string),
    multiValueHeaders: flatten(headers, (all) => all),
    queryStringParameters: flatten(query, (all) => all.at(-1) as string),
    multiValueQueryStringParameters: flatten(query, (all) => all),
    pathParameters: Object.keys(parameters).length > 0 ? parameters : null,
    stageVariables: Object.keys(variables).length > 0 ? variables : null,
    requestContext: requestContextV1(input),
    ...bodyV1(input),
  };
}

/** The `requestContext` of a 1.0 event (also sent to REQUEST authorizers). */
export function requestContextV1(input: EventV1Input) {
  const { request, now } = input;
  const context: Record<string, unknown> = {
    resourceId: input.resourceId ?? null,
    resourcePath: input.resourcePath,
    httpMethod: request.method,
    extendedRequestId: extendedRequestId(),
    requestTime: requestTime(now),
    path: stagePath(input),
    accountId: input.accountId,
    protocol: 'HTTP/1.1',
    stage: input.stageName,
    domainPrefix: domainPrefix(request.host),
    requestTimeEpoch: now.getTime(),
    requestId: randomUUID(),
    identity: identityOf(request),
    domainName: request.host,
    deploymentId: input.deploymentId ?? null,
    apiId: input.apiId,
  };
  if (input.authorizer !== undefined) context.authorizer = input.authorizer;
  return context;
}

// The path as the client sent it: the `$default` stage of an HTTP API has
// no path of its own.
function stagePath(input: EventV1Input): string {
  if (input.stageName === '$default') return input.path;
  return `/${input.stageName}${input.path}`;
}

function identityOf(request: ApiRequest) {
  return {
    cognitoIdentityPoolId: null,
    accountId: null,
    cognitoIdentityId: null,
    caller: null,
    sourceIp: request.sourceIp,
    principalOrgId: null,
    accessKey: null,
    cognitoAuthenticationType: null,
    cognitoAuthenticationProvider: null,
    userArn: null,
    userAgent: header(request, 'user-agent') ?? null,
    user: null,
  };
}

function bodyV1(input: EventV1Input) {
  const { request } = input;
  if (request.body.length === 0) return { body: null, isBase64Encoded: false };
  const type = header(request, 'content-type');
  if (isBinary(type, input.binaryMediaTypes)) {
    return { body: request.body.toString('base64'), isBase64Encoded: true };
  }
  return { body: request.body.toString('utf8'), isBase64Encoded: false };
}
