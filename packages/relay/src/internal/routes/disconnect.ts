import type { WebSocketEvent, WebSocketResult } from '../../event.js';
import { type RelayDeps, stageKey } from '../relay-deps.js';
import { withdraw } from '../withdraw.js';

/**
 * `$disconnect`: forgets the connection and, when the stage's
 * registration still names it, withdraws it: the stage falls back to the
 * same runner's still-open previous connection, or loses its
 * registration.
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
    const current = await deps.table.getRunner(
      registered.app,
      registered.stage,
    );
    if (current?.connectionId === connectionId) await withdraw(deps, current);
  }
  deps.logger.debug('disconnected', { connectionId, registered });
  return { statusCode: 200 };
}
