import type { ApiResponse } from '../http-api/api-server.js';
import type { MockResponse } from './types.js';

/**
 * Answers a MOCK integration: the status code the request template states
 * (`{ statusCode: 200 }`, as CDK's CORS preflight methods write it) selects
 * an integration response, whose literal `'…'` header parameters and
 * `application/json` template make the answer.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html
 *
 * Limitation: templates are not evaluated (no VTL); the `application/json`
 * response template is sent as it is.
 */
export function answerMock(integration: {
  requestTemplates: Record<string, string>;
  integrationResponses: MockResponse[];
}): ApiResponse {
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
  if (body) headers.push(['content-type', 'application/json']);
  return { status: Number(chosen.statusCode), headers, body };
}
