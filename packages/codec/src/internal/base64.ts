import { CodecError } from '../errors.js';

// Canonical, padded base64 (RFC 4648 section 4): no whitespace, no URL-safe
// alphabet, padding only at the end. A plain character-class loop: grouped
// repetition overflows the regexp stack on megabytes of text.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
    'base64',
  );
}

/**
 * Decodes strict base64. Node's decoder skips characters it does not know;
 * this one refuses them, so that damaged text is named as such.
 */
export function fromBase64(text: string): Buffer {
  if (text.length % 4 !== 0) {
    throw new CodecError(
      'BAD_BASE64',
      `base64 text of ${text.length} characters is not a multiple of 4 long (truncated or padded?)`,
    );
  }
  if (!BASE64.test(text)) {
    throw new CodecError(
      'BAD_BASE64',
      'text holds characters or padding that canonical base64 does not',
    );
  }
  return Buffer.from(text, 'base64');
}
