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
 * (same UUID) handing over to a fresh connection: then the old connection
 * is kept as the registration's `previous`, for the stage to fall back to
 * if the new one goes first. A sender whose connection is gone by the
 * time it is marked registered gets nothing: the stage is given back.
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

  const { app, stage, runner } = message;
  const registration = await store(deps, sender, message);
  const marked = { app, stage, runner };
  if (!(await deps.table.markRegistered(sender.connectionId, marked))) {
    // Its `$disconnect` ran meanwhile and could not withdraw it.
    await giveBack(deps, registration);
    deps.logger.info('registered connection already gone', { app, stage });
    return;
  }
  record.registered = marked;
  deps.connections.set(sender.connectionId, record);
  deps.runners.set(stageKey(app, stage), registration.stored);

  const registered: RegisteredMessage = {
    action: 'registered',
    v: PROTOCOL_VERSION,
    app,
    stage,
    connection: sender.connectionId,
  };
  await deps.api.post(sender.endpoint, sender.connectionId, registered);
  deps.logger.info('registered', { app, stage, runner });
  const { replaced } = registration;
  if (replaced !== undefined) await evict(deps, sender, replaced, runner);
}

/** Writes the registration; a handover's also names its old connection. */
async function store(
  deps: RelayDeps,
  sender: Sender,
  message: RegisterMessage,
): Promise<{ stored: RunnerRecord; replaced?: RunnerRecord }> {
  const { app, stage, runner, functions } = message;
  const { connectionId } = sender;
  const stored: RunnerRecord = {
    app,
    stage,
    runner,
    connectionId,
    functions,
    registeredAt: deps.now(),
  };
  const replaced = await deps.table.putRunner(stored);
  if (replaced === undefined) return { stored };
  const old = replaced.connectionId;
  if (replaced.runner === runner && old !== connectionId) {
    stored.previous = old;
    await deps.table.replaceRunner(stored, connectionId);
  }
  return { stored, replaced };
}

/**
 * Undoes the registration of a sender found gone: puts back the one it
 * replaced, or removes it; either only while it still names the sender.
 */
async function giveBack(
  deps: RelayDeps,
  registration: { stored: RunnerRecord; replaced?: RunnerRecord },
): Promise<void> {
  const { stored, replaced } = registration;
  const { app, stage, connectionId } = stored;
  if (replaced === undefined || replaced.connectionId === connectionId) {
    await deps.table.deleteRunner(app, stage, connectionId);
    return;
  }
  await deps.table.replaceRunner(replaced, connectionId);
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
