import {
  type AckMessage,
  type ErrorMessage,
  type FaultMessage,
  PROTOCOL_VERSION,
  type ResultMessage,
} from '@tether/codec';
import type { RelayDeps, Sender } from '../relay-deps.js';
import { loadRegisteredRunner } from '../sender.js';

/**
 * `ack`, `result` and `error`: forwards the message to the stub connection
 * it names, with no lookup. A result or error whose stub is gone is
 * reported to the runner as `fault STUB_GONE`; an ack to a gone stub is
 * dropped, as the stub resumes on a new connection if it still waits.
 *
 * @throws {RelayError} `FORBIDDEN` when the sender is not a registered
 * runner.
 */
export async function handleAnswer(
  deps: RelayDeps,
  sender: Sender,
  message: AckMessage | ResultMessage | ErrorMessage,
): Promise<void> {
  await loadRegisteredRunner(deps, sender.connectionId, message.id);

  const outcome = await deps.api.post(sender.endpoint, message.stub, message);
  if (outcome === 'sent' || message.action === 'ack') return;
  const fault: FaultMessage = {
    action: 'fault',
    v: PROTOCOL_VERSION,
    code: 'STUB_GONE',
    message: `the stub connection ${message.stub} is gone`,
    id: message.id,
  };
  await deps.api.post(sender.endpoint, sender.connectionId, fault);
}
