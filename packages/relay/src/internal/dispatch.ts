import {
  type FaultMessage,
  type Message,
  PROTOCOL_VERSION,
} from '@tether/codec';
import { RelayError } from '../errors.js';
import type { WebSocketEvent } from '../event.js';
import { readFrame } from './frames.js';
import type { RelayDeps, Sender } from './relay-deps.js';
import { handleAnswer } from './routes/answer.js';
import { handleInvoke } from './routes/invoke.js';
import { handleRegister } from './routes/register.js';

/**
 * A message route (`$default` or an action's route): reads the frame,
 * routes it by its action, and answers any refusal with a `fault` to the
 * sender, never with silence.
 */
export async function handleMessage(
  deps: RelayDeps,
  sender: Sender,
  event: WebSocketEvent,
): Promise<void> {
  let id: string | undefined;
  try {
    const message = readFrame(event.body, event.isBase64Encoded === true);
    id = 'id' in message ? message.id : undefined;
    await route(deps, sender, message);
  } catch (error) {
    if (!(error instanceof RelayError)) throw error;
    deps.logger.debug('refused', { code: error.code, id });
    await sendFault(deps, sender, error, error.id ?? id);
  }
}

async function route(
  deps: RelayDeps,
  sender: Sender,
  message: Message,
): Promise<void> {
  switch (message.action) {
    case 'register':
      return handleRegister(deps, sender, message);
    case 'invoke':
    case 'resume':
      return handleInvoke(deps, sender, message);
    case 'ack':
    case 'result':
    case 'error':
      return handleAnswer(deps, sender, message);
    case 'ping':
      // A keep-alive that reached the relay instead of a mock integration.
      return;
    default:
      throw new RelayError(
        'FORBIDDEN',
        `only the relay sends ${message.action} messages`,
      );
  }
}

async function sendFault(
  deps: RelayDeps,
  sender: Sender,
  error: RelayError,
  id: string | undefined,
): Promise<void> {
  const fault: FaultMessage = {
    action: 'fault',
    v: PROTOCOL_VERSION,
    code: error.code,
    message: error.message,
  };
  if (id !== undefined) fault.id = id;
  await deps.api.post(sender.endpoint, sender.connectionId, fault);
}
