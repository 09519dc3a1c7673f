import type { LambdaInvoker, Logger } from '../assembly/host.js';
import {
  type AuthorizerCache,
  createAuthorizerCache,
} from '../authorizers/authorizer-cache.js';
import { runHttpAuthorizer } from '../authorizers/http-authorizer.js';
import { createEventV1 } from '../rest-api/event-v1.js';
import { mapResponseV1 } from '../rest-api/response-v1.js';
import {
  type ApiHandler,
  type ApiRequest,
  type ApiResponse,
  jsonResponse,
  startApiServer,
} from './api-server.js';
import { answerPreflight, corsHeaders } from './cors.js';
import { createEventV2, type EventV2Input, requestBody } from './event-v2.js';
import { withinTimeout } from './integration-timeout.js';
import { matchRoute } from './match-route.js';
import { header, withGatewayHeaders } from './request-parts.js';
import { mapResponseV2 } from './response-v2.js';
import type { HttpApiConfig, HttpIntegration } from './types.js';

/** A running HTTP API. */
export interface RunningHttpApi {
  /** `http://127.0.0.1:PORT/`, with `STAGE/` for a named stage. */
  readonly url: string;
  readonly port: number;
  /** Serves a changed configuration on the same port. */
  update(config: HttpApiConfig): void;
  stop(): Promise<void>;
}

/**
 * Serves an HTTP API (ApiGatewayV2, protocol HTTP) on its own loopback port:
 * routes, Lambda proxy integrations (payload 1.0 and 2.0), Lambda REQUEST
 * authorizers and CORS, answering as API Gateway does.
 *
 * @throws when the port cannot be bound.
 * @example
 * const api = await startHttpApi(config, cloud.lambda, { logger });
 * await fetch(`${api.url}items/1`);
 */
export async function startHttpApi(
  config: HttpApiConfig,
  invoker: LambdaInvoker,
  options: { port?: number; logger: Logger },
): Promise<RunningHttpApi> {
  // A changed configuration starts with an empty authorizer cache.
  const handlerFor = (next: HttpApiConfig): ApiHandler => {
    const cache = createAuthorizerCache();
    return (request) => handleHttpRequest(next, invoker, cache, request);
  };
  const server = await startApiServer(handlerFor(config), options.port ?? 0);
  const stagePath = (stage: string) =>
    stage === '$default' ? '' : `${stage}/`;
  return {
    url: `http://127.0.0.1:${server.port}/${stagePath(config.stageName)}`,
    port: server.port,
    update: (next) => server.setHandler(handlerFor(next)),
    stop: () => server.stop(),
  };
}

async function handleHttpRequest(
  config: HttpApiConfig,
  invoker: LambdaInvoker,
  cache: AuthorizerCache,
  request: ApiRequest,
): Promise<ApiResponse> {
  const preflight = answerPreflight(config.cors, request);
  if (preflight) return preflight;
  const forwarded = withGatewayHeaders(request);
  const response = await route(config, invoker, cache, forwarded);
  if (!config.cors) return response;
  // With a CORS configuration the integration's own CORS headers are
  // ignored, as in AWS.
  const own = response.headers.filter(
    ([name]) => !name.toLowerCase().startsWith('access-control-'),
  );
  const cors = corsHeaders(config.cors, header(request, 'origin'));
  return { ...response, headers: [...own, ...cors] };
}

function routePath(config: HttpApiConfig, path: string): string | undefined {
  if (config.stageName === '$default') return path;
  const prefix = `/${config.stageName}`;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : undefined;
}

async function route(
  config: HttpApiConfig,
  invoker: LambdaInvoker,
  cache: AuthorizerCache,
  request: ApiRequest,
): Promise<ApiResponse> {
  const path = routePath(config, request.path);
  const match =
    path === undefined
      ? undefined
      : matchRoute(config.routes, request.method, path);
  if (path === undefined || !match?.route.integration) {
    return jsonResponse(404, { message: 'Not Found' });
  }
  const input: EventV2Input = {
    config,
    request,
    routeKey: match.route.routeKey,
    pathParameters: match.pathParameters,
    now: new Date(),
  };
  if (match.route.authorizer) {
    const verdict = await runHttpAuthorizer(
      match.route.authorizer,
      input,
      invoker,
      cache,
    );
    if (!verdict.allowed) return verdict.response;
    input.authorizer = verdict.context;
  }
  return integrate(match.route.integration, input, invoker, path);
}

// What an HTTP API answers for a failed or malformed integration.
const SERVER_ERROR = jsonResponse(500, { message: 'Internal Server Error' });
// What an HTTP API answers when the integration times out.
const UNAVAILABLE = jsonResponse(503, { message: 'Service Unavailable' });

async function integrate(
  integration: HttpIntegration,
  input: EventV2Input,
  invoker: LambdaInvoker,
  path: string,
): Promise<ApiResponse> {
  const { functionName, payloadFormatVersion, timeoutMs } = integration;
  const call = (event: unknown) =>
    withinTimeout(
      (signal) => invoker.invoke(functionName, event, { signal }),
      timeoutMs,
    );
  if (payloadFormatVersion === '2.0') {
    const outcome = await call(createEventV2(input));
    if (outcome === 'timeout') return UNAVAILABLE;
    return mapResponseV2(outcome);
  }
  const event = {
    version: '1.0',
    ...createEventV1({
      ...input.config,
      request: input.request,
      path,
      resourcePath: input.routeKey.split(' ')[1] ?? path,
      pathParameters: input.pathParameters,
      authorizer: input.authorizer,
      binaryMediaTypes: [],
      now: input.now,
    }),
    // HTTP APIs choose text or base64 by content type in both formats.
    body: null,
    ...requestBody(input.request),
  };
  const outcome = await call(event);
  if (outcome === 'timeout') return UNAVAILABLE;
  return mapResponseV1(outcome, {
    binaryMediaTypes: 'all',
    defaultContentType: 'text/plain; charset=utf-8',
    failure: SERVER_ERROR,
  });
}
