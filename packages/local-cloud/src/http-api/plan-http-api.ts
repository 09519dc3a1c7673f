import { functionNameOf } from '../assembly/lambda-arn.js';
import type { HttpApiPlan } from '../assembly/plan-types.js';
import {
  childrenOf,
  customAuthorizer,
  keyOf,
  type PlanningContext,
  stringList,
  stringRecord,
  warnUnenforced,
} from '../assembly/planning.js';
import type { ResolvedResource } from '../assembly/resolve-stack.js';
import type {
  HttpAuthorizer,
  HttpCors,
  HttpIntegration,
  HttpRoute,
} from './types.js';

/**
 * The plan of an HTTP API (AWS::ApiGatewayV2::Api, protocol HTTP) from its
 * routes, Lambda proxy integrations, Lambda authorizers, stage and CORS
 * configuration; a route whose integration or authorizer cannot run here
 * is left out with a warning.
 */
export function planHttpApi(
  api: ResolvedResource,
  context: PlanningContext,
): HttpApiPlan {
  const apiId = api.identity.ref;
  const child = (type: string) =>
    childrenOf(context, `AWS::ApiGatewayV2::${type}`, 'ApiId', apiId);
  const routes = collectRoutes(
    child('Route'),
    byRef(child('Integration'), integrationOf),
    byRef(child('Authorizer'), authorizerOf),
    context,
  );
  const quick = quickRoute(api);
  if (quick) routes.push(quick);
  // Limitation: one stage per API is served, the first the template has.
  const stage = child('Stage')[0];
  const stageName = String(stage?.properties.StageName ?? '$default');
  const config = {
    apiId,
    stageName,
    stageVariables: stringRecord(stage?.properties.StageVariables),
    routes,
    cors: corsOf(api.properties.CorsConfiguration),
    region: context.region,
    accountId: context.accountId,
  };
  return {
    key: keyOf(api),
    stackName: api.stackName,
    logicalId: api.logicalId,
    type: 'HTTP',
    config,
    aws: {
      base: String(api.identity.attributes.ApiEndpoint),
      stagePath: stageName === '$default' ? '' : `/${stageName}`,
    },
    fingerprint: JSON.stringify(config),
  };
}

function collectRoutes(
  routes: ResolvedResource[],
  integrations: Map<string, HttpIntegration | string>,
  authorizers: Map<string, HttpAuthorizer | string>,
  context: PlanningContext,
): HttpRoute[] {
  const planned: HttpRoute[] = [];
  for (const route of routes) {
    const result = routeOf(route, integrations, authorizers);
    if (typeof result === 'string') context.warn(route, result);
    else planned.push(result);
    warnUnenforced(context, route);
  }
  return planned;
}

function byRef<T>(
  resources: ResolvedResource[],
  read: (resource: ResolvedResource) => T | string,
): Map<string, T | string> {
  return new Map(resources.map((r) => [r.identity.ref, read(r)]));
}

function integrationOf(resource: ResolvedResource): HttpIntegration | string {
  const props = resource.properties;
  const functionName = functionNameOf(props.IntegrationUri);
  if (props.IntegrationType !== 'AWS_PROXY' || !functionName) {
    return `integration type ${String(props.IntegrationType)} is not supported (only Lambda proxy integrations)`;
  }
  const version = props.PayloadFormatVersion === '1.0' ? '1.0' : '2.0';
  // HTTP APIs wait 30 s at most, CloudFormation's default too.
  const timeoutMs = Number(props.TimeoutInMillis ?? 30_000);
  return { functionName, payloadFormatVersion: version, timeoutMs };
}

function authorizerOf(resource: ResolvedResource): HttpAuthorizer | string {
  const props = resource.properties;
  const functionName = functionNameOf(props.AuthorizerUri);
  if (props.AuthorizerType !== 'REQUEST' || !functionName) {
    return `authorizer type ${String(props.AuthorizerType)} is not supported (only Lambda REQUEST authorizers)`;
  }
  return {
    id: resource.identity.ref,
    functionName,
    identitySource: stringList(props.IdentitySource),
    enableSimpleResponses: props.EnableSimpleResponses === true,
    payloadFormatVersion:
      props.AuthorizerPayloadFormatVersion === '1.0' ? '1.0' : '2.0',
    // CloudFormation's default for HTTP APIs: no caching.
    resultTtlSeconds: Number(props.AuthorizerResultTtlInSeconds ?? 0),
  };
}

function routeOf(
  route: ResolvedResource,
  integrations: Map<string, HttpIntegration | string>,
  authorizers: Map<string, HttpAuthorizer | string>,
): HttpRoute | string {
  const props = route.properties;
  const target = String(props.Target ?? '').replace(/^integrations\//, '');
  const integration = integrations.get(target);
  if (integration === undefined) return 'route has no integration';
  if (typeof integration === 'string') return integration;
  const planned: HttpRoute = { routeKey: String(props.RouteKey), integration };
  const authorizer = customAuthorizer(props, authorizers);
  if (typeof authorizer === 'string') return authorizer;
  if (authorizer) planned.authorizer = authorizer;
  return planned;
}

// An Api with `Target` is "quick create": a $default route to that function.
function quickRoute(api: ResolvedResource): HttpRoute | undefined {
  const functionName = functionNameOf(api.properties.Target);
  if (!functionName) return undefined;
  const routeKey = String(api.properties.RouteKey ?? '$default');
  return {
    routeKey,
    integration: {
      functionName,
      payloadFormatVersion: '2.0',
      timeoutMs: 30_000,
    },
  };
}

function corsOf(value: unknown): HttpCors | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const cors = value as Record<string, unknown>;
  return {
    allowOrigins: stringList(cors.AllowOrigins),
    allowMethods: stringList(cors.AllowMethods),
    allowHeaders: stringList(cors.AllowHeaders),
    exposeHeaders: stringList(cors.ExposeHeaders),
    maxAge: cors.MaxAge === undefined ? undefined : Number(cors.MaxAge),
    allowCredentials: cors.AllowCredentials === true,
  };
}
