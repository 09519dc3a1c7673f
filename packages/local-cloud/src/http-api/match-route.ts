import { matchPathTemplate, mostSpecific } from './path-template.js';
import type { HttpRoute } from './types.js';

/** The route chosen for a request, with its path parameters. */
export interface RouteMatch {
  route: HttpRoute;
  pathParameters: Record<string, string>;
}

/**
 * Chooses the route as HTTP APIs do: the most specific path first, an exact
 * method before `ANY`, then `$default`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
export function matchRoute(
  routes: HttpRoute[],
  method: string,
  path: string,
): RouteMatch | undefined {
  const candidates = [];
  for (const route of routes) {
    const [routeMethod, template] = route.routeKey.split(' ');
    if (!routeMethod || !template) continue;
    if (routeMethod !== 'ANY' && routeMethod !== method) continue;
    const pathParameters = matchPathTemplate(template, path);
    if (!pathParameters) continue;
    candidates.push({
      route,
      pathParameters,
      template,
      any: routeMethod === 'ANY',
    });
  }
  const best = mostSpecific(candidates);
  if (best) return { route: best.route, pathParameters: best.pathParameters };
  const fallback = routes.find((route) => route.routeKey === '$default');
  return fallback ? { route: fallback, pathParameters: {} } : undefined;
}
