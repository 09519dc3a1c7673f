import { createGatewayId } from '../internal/ids.js';
import { type ApiRuntime, sendToConnection } from './api-runtime.js';
import type { Connection } from './connection.js';
import { invokeIntegration, routeResponseBody } from './integration.js';
import { createMessageEvent } from './proxy-events.js';
import { evaluateSelection, selectRoute } from './route-selection.js';

// API Gateway's answer when it could not process a message: a JSON text
// with the connection and request ids.
function gatewayError(connection: Connection, message: string): string {
  return JSON.stringify({
    message,
    connectionId: connection.id,
    requestId: createGatewayId(),
  });
}

/**
 * Routes one text message by the route selection expression and runs its
 * integration. Messages are handled concurrently, as API Gateway does: a
 * slow integration does not hold back the next message.
 */
export async function dispatchMessage(
  runtime: ApiRuntime,
  connection: Connection,
  body: string,
): Promise<void> {
  const { options } = runtime;
  const selected = evaluateSelection(body, options.selectionPath);
  const routeKey = selectRoute(options.routes, selected);
  const route = routeKey === undefined ? undefined : options.routes[routeKey];
  if (routeKey === undefined || route === undefined) {
    sendToConnection(
      runtime,
      connection,
      gatewayError(connection, 'Forbidden'),
    );
    return;
  }
  if (route.integration === 'mock') {
    if (route.response !== undefined) {
      sendToConnection(runtime, connection, route.response);
    }
    return;
  }
  const event = createMessageEvent(runtime.source, connection, routeKey, body);
  const outcome = await invokeIntegration(runtime, route.functionName, event);
  if (!outcome.ok) {
    const message =
      'timedOut' in outcome
        ? 'Endpoint request timed out'
        : 'Internal server error';
    sendToConnection(runtime, connection, gatewayError(connection, message));
    return;
  }
  const reply = route.routeResponse
    ? routeResponseBody(outcome.result)
    : undefined;
  if (reply !== undefined) {
    sendToConnection(runtime, connection, reply);
  }
}
