import type { ApiResponse } from '../http-api/api-server.js';
import type { MockResponse } from './types.js';

/**
 * Answers a MOCK integration: the status code the request template states
 * (`{ statusCode: 200 }`, as CDK's CORS preflight methods write it) selects
 * an integration response, whose literal `'…'` header parameters and
 * `application/json` template make the answer.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html
 *
 * Limitation: templates are not evaluated (no VTL): a plain
 * `application/json` response template is sent as it is; one with VTL
 * directives sends nothing, except that CDK's preflight template for
 * several origins sets Access-Control-Allow-Origin to the request's Origin
 * when it is one of them.
 */
export function answerMock(
  integration: {
    requestTemplates: Record<string, string>;
    integrationResponses: MockResponse[];
  },
  origin?: string,
): ApiResponse {
  const template = integration.requestTemplates['application/json'] ?? '';
  const stated = /statusCode"?\s*:\s*(\d{3})/.exec(template)?.[1] ?? '200';
  const responses = integration.integrationResponses;
  const chosen =
    responses.find(
      (r) =>
        r.selectionPattern &&
        new RegExp(`^${r.selectionPattern}$`).test(stated),
    ) ??
    responses.find((r) => !r.selectionPattern) ??
    responses[0];
  if (!chosen) return { status: Number(stated), headers: [], body: '' };
  const headers: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(chosen.responseParameters)) {
    const name = /^method\.response\.header\.(.+)$/.exec(key)?.[1];
    const literal = /^'(.*)'$/.exec(value)?.[1];
    if (name && literal !== undefined) headers.push([name, literal]);
  }
  const body = chosen.responseTemplates['application/json'] ?? '';
  if (!/^\s*#(set|if)\(/m.test(body)) {
    if (body) headers.push(['content-type', 'application/json']);
    return { status: Number(chosen.statusCode), headers, body };
  }
  const allowed = originsOverridden(body);
  if (origin && allowed.includes(origin)) {
    const at = headers.findIndex(
      ([name]) => name.toLowerCase() === 'access-control-allow-origin',
    );
    if (at >= 0) headers.splice(at, 1);
    headers.push(['Access-Control-Allow-Origin', origin]);
  }
  return { status: Number(chosen.statusCode), headers, body: '' };
}

// The origins of CDK's `#if($origin == "…" || …)` guarding the override of
// Access-Control-Allow-Origin, or none when the template is another one.
function originsOverridden(template: string): string[] {
  const override =
    '$context.responseOverride.header.Access-Control-Allow-Origin = $origin';
  const at = template.indexOf(override);
  if (at < 0) return [];
  // The guard is the last `#if` before the override.
  const guard = template.slice(0, at).split('#if(').at(-1) ?? '';
  return [...guard.matchAll(/\$origin == "([^"]+)"/g)].map(
    (match) => match[1] as string,
  );
}
