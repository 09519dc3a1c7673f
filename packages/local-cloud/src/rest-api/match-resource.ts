import { matchPathTemplate, mostSpecific } from '../http-api/path-template.js';
import type { RestMethod, RestResource } from './types.js';

/** The resource and method chosen for a request. */
export interface ResourceMatch {
  resource: RestResource;
  method: RestMethod;
  pathParameters: Record<string, string>;
}

/**
 * Chooses the resource as REST APIs do: among resources with the method (or
 * `ANY`), the most specific path (literal, then `{param}`, then `{proxy+}`),
 * an exact method before `ANY`.
 */
export function matchResource(
  resources: RestResource[],
  httpMethod: string,
  path: string,
): ResourceMatch | undefined {
  const found = [];
  for (const resource of resources) {
    const pathParameters = matchPathTemplate(resource.path, path);
    if (!pathParameters) continue;
    const method =
      resource.methods.find((m) => m.httpMethod === httpMethod) ??
      resource.methods.find((m) => m.httpMethod === 'ANY');
    if (!method) continue;
    const any = method.httpMethod === 'ANY';
    found.push({
      resource,
      method,
      pathParameters,
      template: resource.path,
      any,
    });
  }
  const best = mostSpecific(found);
  if (!best) return undefined;
  return {
    resource: best.resource,
    method: best.method,
    pathParameters: best.pathParameters,
  };
}
