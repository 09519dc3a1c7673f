import { CodecError } from './errors.js';
import { fromBase64, toBase64 } from './internal/base64.js';
import { gunzip, gzip } from './internal/gzip.js';
import { fromJsonBytes, toJsonBytes } from './internal/json-bytes.js';
import { resolveOptions } from './internal/resolve-options.js';

/** Options of {@link encodePayload} and {@link encodePayloadBytes}. */
export interface EncodePayloadOptions {
  /**
   * gzip level, 0 (store) to 9 (smallest).
   * @default 1
   */
  gzipLevel?: number;
  /**
   * Largest JSON text accepted, in UTF-8 bytes.
   * @default 8388608 (Lambda's 6 MB plus 2 MB)
   */
  maxPayloadBytes?: number;
}

/** Options of {@link decodePayload} and {@link decodePayloadBytes}. */
export interface DecodePayloadOptions {
  /**
   * Largest inflated JSON text accepted, in bytes: inflation stops there.
   * @default 8388608 (Lambda's 6 MB plus 2 MB)
   */
  maxPayloadBytes?: number;
}

/**
 * The longest base64 text that can hold `max` bytes of JSON: gzip grows
 * incompressible input by 5 bytes per stored block of up to 64 KB plus an
 * 18-byte frame (RFC 1951 section 3.2.4, RFC 1952), here rounded up well
 * beyond that.
 */
function maxInlineLength(max: number): number {
  const gzipBytes = max + Math.ceil(max / 1000) + 1024;
  return Math.ceil(gzipBytes / 3) * 4;
}

/**
 * A value as gzip bytes of its JSON text: the form a spilled payload is
 * stored in.
 *
 * @throws {@link CodecError} `UNSERIALIZABLE` or `PAYLOAD_TOO_LARGE`.
 * @example
 * ```ts
 * const body = encodePayloadBytes({ event, context, env });
 * ```
 */
export function encodePayloadBytes(
  value: unknown,
  options: EncodePayloadOptions = {},
): Buffer {
  const { maxPayloadBytes, gzipLevel } = resolveOptions(options);
  return gzip(toJsonBytes(value, maxPayloadBytes), gzipLevel);
}

/**
 * The value held by gzip bytes of JSON text.
 *
 * @throws {@link CodecError} `BAD_GZIP`, `PAYLOAD_TOO_LARGE` or
 *   `INVALID_JSON`.
 * @example
 * ```ts
 * const value = decodePayloadBytes(await store.get(key));
 * ```
 */
export function decodePayloadBytes(
  bytes: Uint8Array,
  options: DecodePayloadOptions = {},
): unknown {
  const { maxPayloadBytes } = resolveOptions(options);
  return fromJsonBytes(gunzip(bytes, maxPayloadBytes));
}

/**
 * A value as inline payload text: JSON, then gzip, then base64.
 * `undefined` is written as `null`, as Lambda does with a handler's result.
 *
 * @throws {@link CodecError} `UNSERIALIZABLE` (a BigInt, a cycle) or
 *   `PAYLOAD_TOO_LARGE`.
 * @example
 * ```ts
 * const text = encodePayload({ hello: 'world' });
 * decodePayload(text); // { hello: 'world' }
 * ```
 */
export function encodePayload(
  value: unknown,
  options: EncodePayloadOptions = {},
): string {
  return toBase64(encodePayloadBytes(value, options));
}

/**
 * The value held by inline payload text (base64 of gzip of JSON).
 *
 * @throws {@link CodecError} `BAD_BASE64`, `BAD_GZIP`, `PAYLOAD_TOO_LARGE`
 *   or `INVALID_JSON`.
 * @example
 * ```ts
 * const value = decodePayload(message.payload.inline);
 * ```
 */
export function decodePayload(
  text: string,
  options: DecodePayloadOptions = {},
): unknown {
  if (typeof text !== 'string') {
    throw new CodecError('BAD_BASE64', 'inline payload is not a string');
  }
  const max = resolveOptions(options).maxPayloadBytes;
  if (text.length > maxInlineLength(max)) {
    throw new CodecError(
      'PAYLOAD_TOO_LARGE',
      `inline payload of ${text.length} characters cannot hold at most ${max} bytes of JSON`,
    );
  }
  return decodePayloadBytes(fromBase64(text), options);
}
