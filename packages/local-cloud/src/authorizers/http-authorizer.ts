import type { LambdaInvoker } from '../assembly/host.js';
import { type ApiResponse, jsonResponse } from '../http-api/api-server.js';
import { createEventV2, type EventV2Input } from '../http-api/event-v2.js';
import { header, queryValues } from '../http-api/request-parts.js';
import type { HttpAuthorizer } from '../http-api/types.js';
import { createEventV1 } from '../rest-api/event-v1.js';
import { type AuthorizerCache, invokeAuthorizer } from './authorizer-cache.js';
import { readIdentity } from './identity-source.js';
import { evaluatePolicy } from './policy.js';
import { withoutBody } from './without-body.js';

/** The verdict of an authorizer: go on with `context`, or answer now. */
export type AuthorizerVerdict =
  | { allowed: true; context: unknown }
  | { allowed: false; response: ApiResponse };

/**
 * Runs an HTTP API's Lambda REQUEST authorizer (payload 2.0, simple or IAM
 * policy answers) and enforces it: a missing identity source is 401, a
 * refusal 403, a failing authorizer 500. The authorizer's `context` reaches
 * the integration as `requestContext.authorizer.lambda`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 * Answers are cached for the authorizer's TTL, by identity. Payload format
 * 1.0 authorizers get the 1.0 REQUEST event and answer with a policy.
 */
export async function runHttpAuthorizer(
  authorizer: HttpAuthorizer,
  input: EventV2Input,
  invoker: LambdaInvoker,
  cache: AuthorizerCache,
): Promise<AuthorizerVerdict> {
  const { request, config } = input;
  const query = queryValues(request.query);
  const identity = readIdentity(authorizer.identitySource, {
    header: (name) => header(request, name),
    query: (name) => query.get(name)?.join(','),
    stageVariable: (name) => config.stageVariables[name],
    context: () => undefined,
  });
  if (!identity) return refuse(401, 'Unauthorized');
  const routeArn = arnOf(input);
  const event =
    authorizer.payloadFormatVersion === '1.0'
      ? eventV1(input, routeArn, identity)
      : eventV2(input, routeArn, identity);
  const outcome = await invokeAuthorizer(authorizer, identity, event, {
    invoker,
    cache,
  });
  if (!outcome.ok) return refuse(500, 'Internal Server Error');
  const result = (outcome.result ?? {}) as Record<string, unknown>;
  const simple =
    authorizer.enableSimpleResponses &&
    authorizer.payloadFormatVersion !== '1.0';
  const allowed = simple
    ? result.isAuthorized === true
    : evaluatePolicy(result.policyDocument, routeArn) === 'allow';
  if (!allowed) return refuse(403, 'Forbidden');
  return { allowed: true, context: { lambda: result.context ?? {} } };
}

function refuse(status: number, message: string): AuthorizerVerdict {
  return { allowed: false, response: jsonResponse(status, { message }) };
}

// The 2.0 authorizer event: the request's event without the body.
function eventV2(input: EventV2Input, routeArn: string, identity: string[]) {
  const rest = withoutBody(createEventV2(input));
  return { ...rest, type: 'REQUEST', routeArn, identitySource: identity };
}

// The 1.0 authorizer event: REST's REQUEST event with the identity joined.
function eventV1(input: EventV2Input, methodArn: string, identity: string[]) {
  const { config, request } = input;
  const path = pathBelowStage(input);
  const joined = identity.join(',');
  const rest = withoutBody(
    createEventV1({
      ...config,
      request,
      path,
      resourcePath: input.routeKey.split(' ')[1] ?? path,
      pathParameters: input.pathParameters,
      binaryMediaTypes: [],
      now: input.now,
    }),
  );
  return {
    version: '1.0',
    type: 'REQUEST',
    methodArn,
    identitySource: joined,
    authorizationToken: joined,
    ...rest,
  };
}

// The request path without a named stage's prefix, as ARNs and 1.0 events
// carry it (the route matched, so the prefix is there).
function pathBelowStage(input: EventV2Input): string {
  const { config, request } = input;
  const stage = config.stageName === '$default' ? '' : `/${config.stageName}`;
  return request.path.slice(stage.length) || '/';
}

function arnOf(input: EventV2Input): string {
  const { config, request } = input;
  const prefix = `arn:aws:execute-api:${config.region}:${config.accountId}`;
  const resource = `${config.apiId}/${config.stageName}/${request.method}`;
  return `${prefix}:${resource}${pathBelowStage(input)}`;
}
