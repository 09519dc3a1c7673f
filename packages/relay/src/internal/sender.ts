import { RelayError } from '../errors.js';
import type { RelayDeps } from './relay-deps.js';
import type { ConnectionRecord } from './table.js';

/**
 * The record of the sending connection: from the warm cache, else one
 * table read.
 *
 * @throws {RelayError} `FORBIDDEN` when the connection is unknown (it did
 * not pass `$connect`, or its item expired).
 */
export async function loadSender(
  deps: RelayDeps,
  connectionId: string,
): Promise<ConnectionRecord> {
  const cached = deps.connections.get(connectionId);
  if (cached !== undefined) return cached;

  const record = await deps.table.getConnection(connectionId);
  if (record === undefined) {
    throw new RelayError('FORBIDDEN', 'this connection is not known');
  }
  deps.connections.set(connectionId, record);
  return record;
}

/**
 * The sender as a registered runner.
 *
 * @throws {RelayError} `FORBIDDEN` when the sender is a stub or a runner
 * that has not registered.
 */
export async function loadRegisteredRunner(
  deps: RelayDeps,
  connectionId: string,
  id?: string,
): Promise<ConnectionRecord> {
  const record = await loadSender(deps, connectionId);
  if (record.kind !== 'runner') {
    throw new RelayError('FORBIDDEN', 'only a runner may answer', { id });
  }
  if (record.registered === undefined) {
    throw new RelayError('FORBIDDEN', 'register before answering', { id });
  }
  return record;
}
