/**
 * Evaluates a `$request.body.<path>` route selection expression against a
 * message: the route key it names, or `undefined` when the body is not
 * JSON or the path holds no string or number. API Gateway then falls back
 * to `$default`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-routes.html
 */
export function evaluateSelection(
  body: string,
  path: readonly string[],
): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  for (const key of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'string' || typeof value === 'number') {
    return String(value);
  }
  return undefined;
}

/**
 * The route a message takes: the selected key when a route has it, else
 * `$default` when there is one, else none (API Gateway then answers
 * `Forbidden`). `$connect` and `$disconnect` are never chosen by a message.
 */
export function selectRoute(
  routes: Readonly<Record<string, unknown>>,
  selected: string | undefined,
): string | undefined {
  const reserved = selected === '$connect' || selected === '$disconnect';
  // Own keys only: a message naming `toString` must not find a route.
  if (selected !== undefined && !reserved && Object.hasOwn(routes, selected)) {
    return selected;
  }
  return Object.hasOwn(routes, '$default') ? '$default' : undefined;
}
