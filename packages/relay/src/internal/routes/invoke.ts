import type { InvokeMessage, ResumeMessage } from '@tether/codec';
import { RelayError } from '../../errors.js';
import { type RelayDeps, type Sender, stageKey } from '../relay-deps.js';
import type { ConnectionRecord, RunnerRecord } from '../table.js';
import { withdraw } from '../withdraw.js';

/**
 * `invoke` and `resume`: forwards the message, with the sender's
 * connection id as `stub`, to the stage's registered runner. Costs one
 * table read at most, none while the warm caches are fresh.
 *
 * @throws {RelayError} `FORBIDDEN` when the sender is not a stub,
 * `NO_RUNNER` when nothing is registered, `RUNNER_GONE` when the runner's
 * connection is gone and no previous connection of the same runner is
 * left to fall back to (its registration is then removed).
 */
export async function handleInvoke(
  deps: RelayDeps,
  sender: Sender,
  message: InvokeMessage | ResumeMessage,
): Promise<void> {
  const { id, app, stage } = message;
  const found = await lookUp(deps, sender.connectionId, app, stage);
  if (found.connection?.kind !== 'stub') {
    const message = 'only a stub may invoke or resume';
    throw new RelayError('FORBIDDEN', message, { id });
  }
  if (found.runner === undefined) {
    throw new RelayError('NO_RUNNER', noRunner(app, stage), { id });
  }

  const forward = { ...message, stub: sender.connectionId };
  if (await deliver(deps, sender, found.runner, found.cached, forward)) return;
  throw new RelayError('RUNNER_GONE', runnerGone(app, stage), { id });
}

/**
 * Posts to the registered runner. When @connections answers 410, a
 * cached registration is read again once (a newer runner may have taken
 * the stage), and a gone connection the table still names is withdrawn:
 * the stage falls back to the same runner's previous connection, which is
 * tried, or loses its registration. Three posts at most.
 */
async function deliver(
  deps: RelayDeps,
  sender: Sender,
  registration: RunnerRecord,
  cached: boolean,
  forward: InvokeMessage | ResumeMessage,
): Promise<boolean> {
  let runner: RunnerRecord | undefined = registration;
  let fresh = !cached;
  while (runner !== undefined) {
    const { connectionId } = runner;
    if (
      (await deps.api.post(sender.endpoint, connectionId, forward)) === 'sent'
    ) {
      return true;
    }
    deps.runners.delete(stageKey(runner.app, runner.stage));
    if (fresh) {
      runner = await withdraw(deps, runner);
      continue;
    }
    // The cache may be stale: the stage may have a newer runner.
    fresh = true;
    runner = await deps.table.getRunner(runner.app, runner.stage);
    if (runner?.connectionId !== connectionId) continue;
    runner = await withdraw(deps, runner);
  }
  return false;
}

async function lookUp(
  deps: RelayDeps,
  connectionId: string,
  app: string,
  stage: string,
): Promise<{
  connection?: ConnectionRecord;
  runner?: RunnerRecord;
  cached: boolean;
}> {
  const connection = deps.connections.get(connectionId);
  const runner = deps.runners.get(stageKey(app, stage));
  if (connection !== undefined && runner !== undefined) {
    return { connection, runner, cached: true };
  }

  const found = await deps.table.lookUp({ connectionId, app, stage });
  if (found.connection) deps.connections.set(connectionId, found.connection);
  if (found.runner) deps.runners.set(stageKey(app, stage), found.runner);
  return { ...found, cached: false };
}

function noRunner(app: string, stage: string): string {
  return `no runner is connected for app ${app}, stage ${stage}: start \`tether dev\``;
}

function runnerGone(app: string, stage: string): string {
  return `the runner for app ${app}, stage ${stage} disconnected: restart \`tether dev\``;
}
