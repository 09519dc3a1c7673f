import {
  type EvictedMessage,
  PROTOCOL_VERSION,
  type RegisteredMessage,
  type RegisterMessage,
} from '@tether/codec';
import { RelayError } from '../../errors.js';
import { type RelayDeps, type Sender, stageKey } from '../relay-deps.js';
import { loadSender } from '../sender.js';
import type { RunnerRecord } from '../table.js';

/**
 * `register`: makes the sender the stage's runner. The runner it replaces
 * is told it was evicted and is disconnected, unless it is the same runner
 * (same UUID) handing over to a fresh connection.
 *
 * @throws {RelayError} `FORBIDDEN` when the sender is not a runner.
 */
export async function handleRegister(
  deps: RelayDeps,
  sender: Sender,
  message: RegisterMessage,
): Promise<void> {
  const record = await loadSender(deps, sender.connectionId);
  if (record.kind !== 'runner') {
    throw new RelayError('FORBIDDEN', 'a stub connection may not register');
  }

  const { app, stage, runner, functions } = message;
  const registration: RunnerRecord = {
    app,
    stage,
    runner,
    connectionId: sender.connectionId,
    functions,
    registeredAt: deps.now(),
  };
  const replaced = await deps.table.putRunner(registration);
  await deps.table.markRegistered(sender.connectionId, { app, stage, runner });
  record.registered = { app, stage, runner };
  deps.connections.set(sender.connectionId, record);
  deps.runners.set(stageKey(app, stage), registration);

  const registered: RegisteredMessage = {
    action: 'registered',
    v: PROTOCOL_VERSION,
    app,
    stage,
    connection: sender.connectionId,
  };
  await deps.api.post(sender.endpoint, sender.connectionId, registered);
  deps.logger.info('registered', { app, stage, runner });
  if (replaced !== undefined) await evict(deps, sender, replaced, runner);
}

async function evict(
  deps: RelayDeps,
  sender: Sender,
  old: RunnerRecord,
  by: string,
): Promise<void> {
  if (old.connectionId === sender.connectionId || old.runner === by) return;

  const evicted: EvictedMessage = {
    action: 'evicted',
    v: PROTOCOL_VERSION,
    app: old.app,
    stage: old.stage,
    reason: `runner ${by} registered for stage ${old.stage}`,
    by,
  };
  deps.connections.delete(old.connectionId);
  await deps.api.post(sender.endpoint, old.connectionId, evicted);
  await deps.api.disconnect(sender.endpoint, old.connectionId);
  deps.logger.info('evicted', { old: old.runner, by });
}
