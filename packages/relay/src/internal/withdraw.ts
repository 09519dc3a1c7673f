import { type RelayDeps, stageKey } from './relay-deps.js';
import type { RunnerRecord } from './table.js';

/**
 * Takes a gone (or going) runner connection off its stage. The stage
 * falls back to the same runner's previous connection when that one is
 * still connected and registered (a handover the runner abandoned, whose
 * old connection it kept); otherwise the registration is removed. Both
 * writes are conditional on the registration still naming the
 * connection, so a newer registration is never undone.
 *
 * @returns the fallback registration now in force, if there is one.
 */
export async function withdraw(
  deps: RelayDeps,
  registration: RunnerRecord,
): Promise<RunnerRecord | undefined> {
  const { app, stage, connectionId } = registration;
  const key = stageKey(app, stage);
  if (deps.runners.get(key)?.connectionId === connectionId) {
    deps.runners.delete(key);
  }
  const fallback = await fallbackOf(deps, registration);
  if (fallback === undefined) {
    await deps.table.deleteRunner(app, stage, connectionId);
    return undefined;
  }
  if (!(await deps.table.replaceRunner(fallback, connectionId))) {
    return undefined;
  }
  deps.runners.set(key, fallback);
  deps.logger.info('fell back to the previous connection', {
    app,
    stage,
    from: connectionId,
    to: fallback.connectionId,
  });
  return fallback;
}

async function fallbackOf(
  deps: RelayDeps,
  registration: RunnerRecord,
): Promise<RunnerRecord | undefined> {
  const { previous, ...rest } = registration;
  if (previous === undefined) return undefined;
  // Its item is deleted by its `$disconnect`: present means connected.
  const old = (await deps.table.getConnection(previous))?.registered;
  const same =
    old?.runner === rest.runner &&
    old.app === rest.app &&
    old.stage === rest.stage;
  if (!same) return undefined;
  return { ...rest, connectionId: previous, registeredAt: deps.now() };
}
