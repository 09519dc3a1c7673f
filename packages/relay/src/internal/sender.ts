import { RelayError } from '../errors.js';
import type { RelayDeps } from './relay-deps.js';
import type { ConnectionRecord } from './table.js';

/**
 * The record of the sending connection: from the warm cache, else one
 * table read. Only for what a record never changes: its kind.
 *
 * @throws {RelayError} `FORBIDDEN` when the connection is unknown (it did
 * not pass `$connect`, or its item expired).
 */
export async function loadSender(
  deps: RelayDeps,
  connectionId: string,
): Promise<ConnectionRecord> {
  return deps.connections.get(connectionId) ?? readSender(deps, connectionId);
}

/**
 * The sender as a registered runner. The cached record answers when it
 * shows the registration; one that does not may predate a registration
 * handled by another relay, so the table is read once before refusing.
 *
 * @throws {RelayError} `FORBIDDEN` when the sender is a stub or a runner
 * that has not registered.
 */
export async function loadRegisteredRunner(
  deps: RelayDeps,
  connectionId: string,
  id?: string,
): Promise<ConnectionRecord> {
  const cached = deps.connections.get(connectionId);
  if (cached?.kind === 'runner' && cached.registered !== undefined) {
    return cached;
  }
  const record =
    cached?.kind === 'stub' ? cached : await readSender(deps, connectionId);
  if (record.kind !== 'runner') {
    throw new RelayError('FORBIDDEN', 'only a runner may answer', { id });
  }
  if (record.registered === undefined) {
    throw new RelayError('FORBIDDEN', 'register before answering', { id });
  }
  return record;
}

async function readSender(
  deps: RelayDeps,
  connectionId: string,
): Promise<ConnectionRecord> {
  const record = await deps.table.getConnection(connectionId);
  if (record === undefined) {
    throw new RelayError('FORBIDDEN', 'this connection is not known');
  }
  deps.connections.set(connectionId, record);
  return record;
}
