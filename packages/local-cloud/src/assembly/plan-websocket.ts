import { functionNameOf } from './lambda-arn.js';
import type { WebSocketApiPlan, WebSocketRoutePlan } from './plan-types.js';
import { childrenOf, keyOf, type PlanningContext } from './planning.js';
import type { ResolvedResource } from './resolve-stack.js';

/**
 * The plan of a WebSocket API (AWS::ApiGatewayV2::Api, protocol WEBSOCKET):
 * route selection expression, routes with Lambda proxy or MOCK
 * integrations, `$connect` authorization (NONE or AWS_IAM) and the stage.
 * Part 1's `createWebSocketApi` runs it.
 */
export function planWebSocketApi(
  api: ResolvedResource,
  context: PlanningContext,
): WebSocketApiPlan {
  const apiId = api.identity.ref;
  const child = (type: string) =>
    childrenOf(context, `AWS::ApiGatewayV2::${type}`, 'ApiId', apiId);
  const { routes, authorization } = collectRoutes(
    child('Route'),
    new Map(
      child('Integration').map((i) => [i.identity.ref, integrationOf(i)]),
    ),
    new Set(child('RouteResponse').map((r) => String(r.properties.RouteId))),
    context,
  );
  const stage = String(child('Stage')[0]?.properties.StageName ?? 'local');
  const plan = {
    key: keyOf(api),
    stackName: api.stackName,
    logicalId: api.logicalId,
    apiId,
    name: String(api.properties.Name ?? api.logicalId),
    routeSelectionExpression: String(
      api.properties.RouteSelectionExpression ?? '$request.body.action',
    ),
    authorization,
    routes,
    stage,
    aws: {
      base: String(api.identity.attributes.ApiEndpoint),
      stagePath: `/${stage}`,
    },
  };
  return { ...plan, fingerprint: JSON.stringify(plan) };
}

function collectRoutes(
  resources: ResolvedResource[],
  integrations: Map<string, WebSocketRoutePlan | undefined>,
  twoWay: Set<string>,
  context: PlanningContext,
) {
  const routes: Record<string, WebSocketRoutePlan> = {};
  let authorization: WebSocketApiPlan['authorization'] = 'NONE';
  for (const route of resources) {
    const key = String(route.properties.RouteKey);
    const target = String(route.properties.Target ?? '');
    const integration = integrations.get(target.replace(/^integrations\//, ''));
    if (!integration) {
      context.warn(route, 'route has no Lambda proxy or MOCK integration');
      continue;
    }
    routes[key] =
      integration.integration === 'lambda' && twoWay.has(route.identity.ref)
        ? { ...integration, routeResponse: true }
        : integration;
    const type = route.properties.AuthorizationType;
    if (key === '$connect' && type === 'AWS_IAM') authorization = 'AWS_IAM';
    if (type === 'CUSTOM') {
      context.warn(
        route,
        'Lambda authorizers on WebSocket APIs are not enforced',
      );
    }
  }
  return { routes, authorization };
}

function integrationOf(
  integration: ResolvedResource,
): WebSocketRoutePlan | undefined {
  const props = integration.properties;
  if (props.IntegrationType === 'MOCK') return { integration: 'mock' };
  const functionName = functionNameOf(props.IntegrationUri);
  if (props.IntegrationType === 'AWS_PROXY' && functionName) {
    return { integration: 'lambda', functionName };
  }
  return undefined;
}
