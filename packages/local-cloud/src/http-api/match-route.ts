import {
  compareRanks,
  matchPathTemplate,
  templateRank,
} from './path-template.js';
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
  const candidates: Array<RouteMatch & { rank: number[]; any: boolean }> = [];
  for (const route of routes) {
    const [routeMethod, template] = route.routeKey.split(' ');
    if (!routeMethod || !template) continue;
    if (routeMethod !== 'ANY' && routeMethod !== method) continue;
    const pathParameters = matchPathTemplate(template, path);
    if (!pathParameters) continue;
    const rank = templateRank(template);
    candidates.push({
      route,
      pathParameters,
      rank,
      any: routeMethod === 'ANY',
    });
  }
  candidates.sort(
    (a, b) => compareRanks(a.rank, b.rank) || Number(a.any) - Number(b.any),
  );
  const best = candidates[0];
  if (best) return { route: best.route, pathParameters: best.pathParameters };
  const fallback = routes.find((route) => route.routeKey === '$default');
  return fallback ? { route: fallback, pathParameters: {} } : undefined;
}
