import type { LambdaInvoker } from '../assembly/host.js';
import { type ApiResponse, jsonResponse } from '../http-api/api-server.js';
import { header, queryValues } from '../http-api/request-parts.js';
import { createEventV1, type EventV1Input } from '../rest-api/event-v1.js';
import type { RestAuthorizer } from '../rest-api/types.js';
import { type AuthorizerCache, invokeAuthorizer } from './authorizer-cache.js';
import type { AuthorizerVerdict } from './http-authorizer.js';
import { readIdentity } from './identity-source.js';
import { evaluatePolicy } from './policy.js';
import { withoutBody } from './without-body.js';

const DENIED = 'User is not authorized to access this resource';

/**
 * Runs a REST API's Lambda authorizer (TOKEN or REQUEST) and enforces its
 * IAM policy on the method ARN: a missing or malformed token is 401, as is
 * an authorizer failing with `Unauthorized`; a policy that does not allow
 * is 403; any other failure, or a `context` value that is not a string,
 * number, boolean or null, 500. The policy's `principalId` and `context`
 * (its values stringified) reach the integration as
 * `requestContext.authorizer`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
 * Answers are cached for the authorizer's TTL, by identity, and the cached
 * policy is evaluated for each method.
 */
export async function runRestAuthorizer(
  authorizer: RestAuthorizer,
  input: EventV1Input,
  invoker: LambdaInvoker,
  cache: AuthorizerCache,
): Promise<AuthorizerVerdict> {
  const { request } = input;
  const query = queryValues(request.query);
  const identity = readIdentity(authorizer.identitySource, {
    header: (name) => header(request, name),
    query: (name) => query.get(name)?.at(-1),
    stageVariable: (name) => input.stageVariables[name],
    context: () => undefined,
  });
  if (!identity || !validToken(authorizer, identity[0] as string)) {
    return refuse(401, { message: 'Unauthorized' });
  }
  const methodArn = methodArnOf(input);
  const event =
    authorizer.type === 'TOKEN'
      ? { type: 'TOKEN', authorizationToken: identity[0], methodArn }
      : { type: 'REQUEST', methodArn, ...withoutBody(createEventV1(input)) };
  const started = Date.now();
  const outcome = await invokeAuthorizer(authorizer, identity, event, {
    invoker,
    cache,
  });
  if (!outcome.ok) {
    const unauthorized = outcome.error.errorMessage === 'Unauthorized';
    return unauthorized
      ? refuse(401, { message: 'Unauthorized' })
      : refuse(500, { message: null });
  }
  const result = (outcome.result ?? {}) as Record<string, unknown>;
  return verdictOf(result, methodArn, Date.now() - started);
}

function verdictOf(
  result: Record<string, unknown>,
  methodArn: string,
  latency: number,
): AuthorizerVerdict {
  const decision = evaluatePolicy(result.policyDocument, methodArn);
  if (decision === 'deny') {
    return refuse(403, { Message: `${DENIED} with an explicit deny` });
  }
  if (decision === 'none') return refuse(403, { Message: DENIED });
  const context = stringified(result.context);
  if (!context) return refuse(500, { message: null });
  Object.assign(context, {
    principalId: result.principalId,
    integrationLatency: latency,
  });
  return { allowed: true, context };
}

// REST APIs hand the context on with its values stringified; a value that
// is not a string, number, boolean or null is AuthorizerConfigurationException
// (undefined: the context is invalid).
function stringified(
  context: unknown,
): Record<string, string | null> | undefined {
  if (context === undefined || context === null) return {};
  if (typeof context !== 'object' || Array.isArray(context)) return undefined;
  const values: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) continue;
    if (value === null || typeof value === 'string') values[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') {
      values[key] = String(value);
    } else return undefined;
  }
  return values;
}

function validToken(authorizer: RestAuthorizer, token: string): boolean {
  const expression = authorizer.identityValidationExpression;
  if (authorizer.type !== 'TOKEN' || !expression) return true;
  return new RegExp(`^(?:${expression})$`).test(token);
}

function refuse(status: number, body: unknown): AuthorizerVerdict {
  const response: ApiResponse = jsonResponse(status, body);
  return { allowed: false, response };
}

function methodArnOf(input: EventV1Input): string {
  const prefix = `arn:aws:execute-api:${input.region}:${input.accountId}`;
  const { method } = input.request;
  return `${prefix}:${input.apiId}/${input.stageName}/${method}${input.path}`;
}
