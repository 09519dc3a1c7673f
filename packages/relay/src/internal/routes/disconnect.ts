import type { WebSocketEvent, WebSocketResult } from '../../event.js';
import { type RelayDeps, stageKey } from '../relay-deps.js';

/**
 * `$disconnect`: forgets the connection and, when it was a stage's
 * registered runner, the registration (only if no newer runner took it).
 */
export async function handleDisconnect(
  deps: RelayDeps,
  event: WebSocketEvent,
): Promise<WebSocketResult> {
  const { connectionId } = event.requestContext;
  deps.connections.delete(connectionId);
  const record = await deps.table.deleteConnection(connectionId);
  const registered = record?.registered;
  if (registered !== undefined) {
    const key = stageKey(registered.app, registered.stage);
    if (deps.runners.get(key)?.connectionId === connectionId) {
      deps.runners.delete(key);
    }
    await deps.table.deleteRunner(
      registered.app,
      registered.stage,
      connectionId,
    );
  }
  deps.logger.debug('disconnected', { connectionId, registered });
  return { statusCode: 200 };
}
