import { decodeMessage, isCodecError, type Message } from '@tether/codec';
import { RelayError, type RelayErrorCode } from '../errors.js';

/**
 * The message in a frame's body.
 *
 * @throws {RelayError} `MALFORMED`, `UNKNOWN_ACTION` or
 * `UNSUPPORTED_VERSION`, carrying the frame's `id` when one can be read, so
 * that the sender can match the refusal to its invocation.
 */
export function readFrame(
  body: string | null | undefined,
  isBase64: boolean,
): Message {
  const text = isBase64
    ? Buffer.from(body ?? '', 'base64').toString('utf8')
    : (body ?? '');
  try {
    return decodeMessage(text);
  } catch (error) {
    if (!isCodecError(error)) throw error;
    throw new RelayError(faultCode(error.code), error.message, {
      cause: error,
      id: readLooseId(text),
    });
  }
}

function faultCode(code: string): RelayErrorCode {
  if (code === 'UNKNOWN_ACTION' || code === 'UNSUPPORTED_VERSION') {
    return code;
  }
  return 'MALFORMED';
}

function readLooseId(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { id?: unknown } | null)?.id;
    return typeof id === 'string' && id.length <= 128 ? id : undefined;
  } catch {
    return undefined;
  }
}
