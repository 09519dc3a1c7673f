import type { LambdaInvoker, Logger } from '../assembly/host.js';
import {
  type AuthorizerCache,
  createAuthorizerCache,
} from '../authorizers/authorizer-cache.js';
import { runRestAuthorizer } from '../authorizers/rest-authorizer.js';
import {
  type ApiHandler,
  type ApiRequest,
  type ApiResponse,
  jsonResponse,
  startApiServer,
} from '../http-api/api-server.js';
import { withinTimeout } from '../http-api/integration-timeout.js';
import { header, withGatewayHeaders } from '../http-api/request-parts.js';
import { createEventV1, type EventV1Input } from './event-v1.js';
import { matchResource } from './match-resource.js';
import { answerMock } from './mock-integration.js';
import { mapResponseV1 } from './response-v1.js';
import type { RestApiConfig } from './types.js';

/** A running REST API stage. */
export interface RunningRestApi {
  /** `http://127.0.0.1:PORT/STAGE/`. */
  readonly url: string;
  readonly port: number;
  /** Serves a changed configuration on the same port. */
  update(config: RestApiConfig): void;
  stop(): Promise<void>;
}

const NO_ROUTE = { message: 'Missing Authentication Token' };
const TIMED_OUT = { message: 'Endpoint request timed out' };

/**
 * Serves a REST API stage (ApiGateway::RestApi) on its own loopback port:
 * resources with greedy `{proxy+}` paths and `ANY`, Lambda proxy
 * integrations with the 1.0 event, MOCK integrations (CDK's CORS
 * preflight), TOKEN and REQUEST Lambda authorizers, binary media types.
 *
 * @throws when the port cannot be bound.
 * @example
 * const api = await startRestApi(config, cloud.lambda, { logger });
 * await fetch(`${api.url}hello`);
 */
export async function startRestApi(
  config: RestApiConfig,
  invoker: LambdaInvoker,
  options: { port?: number; logger: Logger },
): Promise<RunningRestApi> {
  // A changed configuration starts with an empty authorizer cache.
  const handlerFor = (next: RestApiConfig): ApiHandler => {
    const cache = createAuthorizerCache();
    return (request) => handleRestRequest(next, invoker, cache, request);
  };
  const server = await startApiServer(handlerFor(config), options.port ?? 0);
  return {
    url: `http://127.0.0.1:${server.port}/${config.stageName}/`,
    port: server.port,
    update: (next) => server.setHandler(handlerFor(next)),
    stop: () => server.stop(),
  };
}

function stagePath(config: RestApiConfig, path: string): string | undefined {
  const prefix = `/${config.stageName}`;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : undefined;
}

async function handleRestRequest(
  config: RestApiConfig,
  invoker: LambdaInvoker,
  cache: AuthorizerCache,
  request: ApiRequest,
): Promise<ApiResponse> {
  const path = stagePath(config, request.path);
  if (path === undefined) return jsonResponse(403, { message: 'Forbidden' });
  const match = matchResource(config.resources, request.method, path);
  if (!match) return jsonResponse(403, NO_ROUTE);
  const { integration, authorizer } = match.method;
  if (integration.type === 'MOCK') {
    return answerMock(integration, header(request, 'origin'));
  }
  const input: EventV1Input = {
    ...config,
    request: withGatewayHeaders(request),
    path,
    resourcePath: match.resource.path,
    resourceId: match.resource.id,
    pathParameters: match.pathParameters,
    now: new Date(),
  };
  if (authorizer) {
    const verdict = await runRestAuthorizer(authorizer, input, invoker, cache);
    if (!verdict.allowed) return verdict.response;
    input.authorizer = verdict.context;
  }
  const event = createEventV1(input);
  const outcome = await withinTimeout(
    (signal) => invoker.invoke(integration.functionName, event, { signal }),
    integration.timeoutMs,
  );
  if (outcome === 'timeout') return jsonResponse(504, TIMED_OUT);
  const accept = header(request, 'accept');
  return mapResponseV1(outcome, {
    binaryMediaTypes: config.binaryMediaTypes,
    accept,
  });
}
