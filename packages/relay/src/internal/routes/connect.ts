import type { WebSocketEvent, WebSocketResult } from '../../event.js';
import type { RelayDeps } from '../relay-deps.js';
import type { ConnectionKind } from '../table.js';

/**
 * `$connect`: records the kind the connection declared in its signed
 * `kind` query parameter, and who signed it. Refuses a connection that
 * declares no valid kind (API Gateway then answers the upgrade with 400).
 */
export async function handleConnect(
  deps: RelayDeps,
  event: WebSocketEvent,
): Promise<WebSocketResult> {
  const { connectionId, identity } = event.requestContext;
  const kind = event.queryStringParameters?.kind;
  if (!isKind(kind)) {
    deps.logger.warn('refused a connection without a valid kind', { kind });
    return { statusCode: 400, body: 'kind must be runner or stub' };
  }

  const record = {
    connectionId,
    kind,
    identity: identity?.userArn ?? identity?.caller ?? identity?.sourceIp ?? '',
    connectedAt: deps.now(),
  };
  await deps.table.putConnection(record);
  deps.connections.set(connectionId, record);
  deps.logger.debug('connected', record);
  return { statusCode: 200 };
}

function isKind(value: unknown): value is ConnectionKind {
  return value === 'runner' || value === 'stub';
}
