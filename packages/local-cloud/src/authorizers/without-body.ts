/**
 * A request event without `body` and `isBase64Encoded`: Lambda authorizers
 * see the request, never its body.
 */
export function withoutBody(
  event: Record<string, unknown>,
): Record<string, unknown> {
  const { body: _body, isBase64Encoded: _encoded, ...rest } = event;
  return rest;
}
