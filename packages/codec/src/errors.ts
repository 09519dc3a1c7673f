/**
 * Every stable error code of the codec. Callers branch on `error.code`;
 * the message is for people and may change.
 *
 * - `MALFORMED_FRAME`: the frame is not UTF-8 JSON text, or not an object.
 * - `INVALID_MESSAGE`: valid JSON, but a field is missing or of the wrong
 *   type (the message names the field).
 * - `UNKNOWN_ACTION`: `action` names no message of this protocol version.
 * - `UNSUPPORTED_VERSION`: `v` is not {@link PROTOCOL_VERSION}.
 * - `FRAME_TOO_LARGE`: the frame text is over the frame size limit.
 * - `BAD_BASE64`: inline payload text is not canonical, padded base64
 *   (stray characters, whitespace, wrong length, extra padding).
 * - `BAD_GZIP`: the bytes are not a complete gzip stream (truncated or
 *   corrupt).
 * - `INVALID_JSON`: the inflated bytes are not UTF-8 JSON (a byte-order mark
 *   included).
 * - `PAYLOAD_TOO_LARGE`: a payload is over the size limit, before or after
 *   inflation (a gzip bomb stops here).
 * - `UNSERIALIZABLE`: a value has no JSON form (a BigInt, a cycle, nesting
 *   deeper than the stack allows).
 * - `NO_STORE`: a payload must be spilled or read from a store, but neither
 *   a store nor presigned URLs were given.
 * - `SPILLED_OBJECT_MISSING`: the spilled object is not in the store
 *   (already read, expired, or never written).
 * - `STORE_FAILED`: the store or a presigned URL failed for another reason.
 */
export const CODEC_ERROR_CODES = [
  'MALFORMED_FRAME',
  'INVALID_MESSAGE',
  'UNKNOWN_ACTION',
  'UNSUPPORTED_VERSION',
  'FRAME_TOO_LARGE',
  'BAD_BASE64',
  'BAD_GZIP',
  'INVALID_JSON',
  'PAYLOAD_TOO_LARGE',
  'UNSERIALIZABLE',
  'NO_STORE',
  'SPILLED_OBJECT_MISSING',
  'STORE_FAILED',
] as const;

/** One of {@link CODEC_ERROR_CODES}. */
export type CodecErrorCode = (typeof CODEC_ERROR_CODES)[number];

/**
 * The one error class the codec throws for bad input or a failing store.
 * Programming mistakes (a wrong argument type) still throw `TypeError`.
 *
 * @example
 * ```ts
 * try {
 *   decodeMessage(text);
 * } catch (error) {
 *   if (error instanceof CodecError && error.code === 'UNKNOWN_ACTION') {
 *     // answer with a fault
 *   }
 * }
 * ```
 */
export class CodecError extends Error {
  /** Stable code: branch on this, not on the message. */
  readonly code: CodecErrorCode;

  constructor(code: CodecErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CodecError';
    this.code = code;
  }
}

/**
 * Whether `error` is a {@link CodecError}, optionally with the given code.
 *
 * @example
 * ```ts
 * if (isCodecError(error, 'SPILLED_OBJECT_MISSING')) retryLater();
 * ```
 */
export function isCodecError(
  error: unknown,
  code?: CodecErrorCode,
): error is CodecError {
  return (
    error instanceof CodecError && (code === undefined || error.code === code)
  );
}
