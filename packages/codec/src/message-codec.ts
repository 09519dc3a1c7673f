import { CodecError } from './errors.js';
import { type Fields, isFields } from './internal/fields.js';
import { MESSAGE_READERS } from './internal/message-readers.js';
import { resolveOptions } from './internal/resolve-options.js';
import {
  ACTIONS,
  type Action,
  type Message,
  PROTOCOL_VERSION,
} from './messages.js';

/** Options of {@link decodeMessage}. */
export interface DecodeMessageOptions {
  /**
   * Largest frame accepted, in UTF-8 bytes.
   * @default 131072 (API Gateway's 128 KB message limit)
   */
  maxFrameBytes?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function isAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value);
}

function frameText(frame: string | Uint8Array, maxBytes: number): string {
  const bytes =
    typeof frame === 'string' ? Buffer.byteLength(frame) : frame.byteLength;
  if (bytes > maxBytes) {
    throw new CodecError(
      'FRAME_TOO_LARGE',
      `frame of ${bytes} bytes is over the limit of ${maxBytes} bytes`,
    );
  }
  if (typeof frame === 'string') return frame;
  try {
    return utf8.decode(frame);
  } catch (cause) {
    throw new CodecError('MALFORMED_FRAME', 'frame is not UTF-8', { cause });
  }
}

function parseFrame(text: string): Fields {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new CodecError('MALFORMED_FRAME', 'frame is not JSON', { cause });
  }
  if (!isFields(value)) {
    throw new CodecError('MALFORMED_FRAME', 'frame is not a JSON object');
  }
  return value;
}

function readEnvelope(fields: Fields): Action {
  const { action, v } = fields;
  if (typeof action !== 'string') {
    throw new CodecError(
      'INVALID_MESSAGE',
      'message: field "action" must be a string',
    );
  }
  if (v === undefined) {
    throw new CodecError('INVALID_MESSAGE', 'message: field "v" is missing');
  }
  // The version comes before the action: a newer protocol may add actions.
  if (v !== PROTOCOL_VERSION) {
    throw new CodecError(
      'UNSUPPORTED_VERSION',
      `message version ${JSON.stringify(v) ?? 'undefined'} is not supported; this codec speaks version ${PROTOCOL_VERSION}`,
    );
  }
  if (!isAction(action)) {
    throw new CodecError(
      'UNKNOWN_ACTION',
      `unknown action ${JSON.stringify(action)}`,
    );
  }
  return action;
}

/**
 * Reads one frame: parses it and validates every field of its message.
 * The result holds only the fields of the message's type.
 *
 * @param frame - The frame text, or its UTF-8 bytes (as `ws` delivers).
 * @throws {@link CodecError} `FRAME_TOO_LARGE`, `MALFORMED_FRAME`,
 *   `INVALID_MESSAGE`, `UNSUPPORTED_VERSION` or `UNKNOWN_ACTION`.
 * @example
 * ```ts
 * const message = decodeMessage(frame);
 * if (message.action === 'invoke') run(message.id, message.payload);
 * ```
 */
export function decodeMessage(
  frame: string | Uint8Array,
  options: DecodeMessageOptions = {},
): Message {
  const { maxFrameBytes } = resolveOptions(options);
  const fields = parseFrame(frameText(frame, maxFrameBytes));
  const action = readEnvelope(fields);
  const read = MESSAGE_READERS[action] as (fields: Fields) => Message;
  return read(fields);
}

/**
 * Writes one message as frame text, after checking it as
 * {@link decodeMessage} would, so that a bad message fails at its sender.
 *
 * @throws {@link CodecError} `INVALID_MESSAGE`, `UNSUPPORTED_VERSION` or
 *   `UNKNOWN_ACTION` for a message that would not decode.
 * @example
 * ```ts
 * socket.send(encodeMessage({ action: 'ack', v: 1, id, stub }));
 * ```
 */
export function encodeMessage(message: Message): string {
  const fields = message as unknown as Fields;
  const action = readEnvelope(fields);
  const read = MESSAGE_READERS[action] as (fields: Fields) => Message;
  return JSON.stringify(read(fields));
}
