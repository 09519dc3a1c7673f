import { CodecError } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * JSON text of a value, as UTF-8. `undefined` becomes `null`, as Lambda
 * turns a handler's `undefined` into `null`.
 */
export function toJsonBytes(value: unknown, maxBytes: number): Buffer {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new CodecError('UNSERIALIZABLE', 'value has no JSON form', {
      cause,
    });
  }
  // JSON.stringify answers undefined for undefined, functions and symbols.
  const bytes = Buffer.from(text ?? 'null', 'utf8');
  if (bytes.byteLength > maxBytes) {
    throw new CodecError(
      'PAYLOAD_TOO_LARGE',
      `payload of ${bytes.byteLength} bytes is over the limit of ${maxBytes} bytes`,
    );
  }
  return bytes;
}

/** Parses UTF-8 JSON bytes; refuses a byte-order mark as RFC 8259 allows. */
export function fromJsonBytes(bytes: Uint8Array): unknown {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw new CodecError(
      'INVALID_JSON',
      'payload starts with a UTF-8 byte-order mark, which JSON text must not have',
    );
  }
  try {
    return JSON.parse(utf8.decode(bytes));
  } catch (cause) {
    throw new CodecError('INVALID_JSON', 'payload is not UTF-8 JSON text', {
      cause,
    });
  }
}
