import { gunzipSync, gzipSync } from 'node:zlib';
import { CodecError } from '../errors.js';

export function gzip(bytes: Uint8Array, level: number): Buffer {
  return gzipSync(bytes, { level });
}

function isTooLarge(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
}

/**
 * Inflates gzip bytes, stopping as soon as the output passes `maxBytes`:
 * zlib's `maxOutputLength` refuses a gzip bomb before its output is held.
 */
export function gunzip(bytes: Uint8Array, maxBytes: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (cause) {
    if (isTooLarge(cause)) {
      throw new CodecError(
        'PAYLOAD_TOO_LARGE',
        `payload inflates to more than ${maxBytes} bytes`,
        { cause },
      );
    }
    throw new CodecError('BAD_GZIP', 'payload is not a complete gzip stream', {
      cause,
    });
  }
}
