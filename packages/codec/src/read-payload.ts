import { CodecError } from './errors.js';
import { readPayloadField } from './internal/payload-fields.js';
import { deletePresigned, getPresigned } from './internal/presigned-http.js';
import {
  type ResolvedOptions,
  resolveOptions,
} from './internal/resolve-options.js';
import type { Logger } from './logger.js';
import type { Payload, SpilledRef } from './payload.js';
import {
  type DecodePayloadOptions,
  decodePayload,
  decodePayloadBytes,
} from './payload-codec.js';
import type { PayloadStore } from './payload-store.js';

/** Options of {@link readPayload}. */
export interface ReadPayloadOptions extends DecodePayloadOptions {
  /**
   * Store to read a spilled payload from. Without it, the payload's
   * presigned URLs are used.
   */
  store?: PayloadStore;
  /**
   * Timeout of each request to a presigned URL, in milliseconds.
   * @default 30000
   */
  requestTimeoutMs?: number;
  /**
   * Told when the object cannot be deleted after reading (the bucket's
   * lifecycle rule removes it later).
   * @default a silent logger
   */
  logger?: Logger;
}

function checkSize(bytes: number, max: number): void {
  if (bytes > max) {
    throw new CodecError(
      'PAYLOAD_TOO_LARGE',
      `spilled object of ${bytes} bytes is over the limit of ${max} bytes`,
    );
  }
}

async function fetchSpilled(
  ref: SpilledRef,
  store: PayloadStore | undefined,
  options: ResolvedOptions,
): Promise<Uint8Array> {
  const { requestTimeoutMs: timeout, logger } = options;
  const maxBytes = options.maxPayloadBytes;
  let remove: () => Promise<void>;
  let body: Uint8Array;
  if (store !== undefined) {
    body = await store.get(ref.key);
    remove = () => store.delete(ref.key);
  } else if (ref.get !== undefined) {
    body = await getPresigned(ref.get, maxBytes, timeout);
    const url = ref.delete;
    remove = async () => {
      if (url !== undefined) await deletePresigned(url, timeout);
    };
  } else {
    throw new CodecError(
      'NO_STORE',
      `payload ${ref.key} is spilled, but there is no store and no GET URL`,
    );
  }
  // Reading is what the object was for: a failed delete is no reason to
  // fail the read, and the lifecycle rule clears what is left.
  await remove().catch((error: unknown) => {
    logger.warn(`could not delete spilled payload ${ref.key}`, error);
  });
  return body;
}

/**
 * The value a payload carries: decodes an inline payload, or fetches a
 * spilled one (from `store`, or else by its presigned GET URL), deletes the
 * object once read, and decodes it.
 *
 * @throws {@link CodecError} `INVALID_MESSAGE` (not a payload),
 *   `BAD_BASE64`, `BAD_GZIP`, `INVALID_JSON`, `PAYLOAD_TOO_LARGE`,
 *   `NO_STORE`, `SPILLED_OBJECT_MISSING` or
 *   `STORE_FAILED`.
 * @example
 * ```ts
 * const invocation = await readPayload(message.payload, { logger });
 * ```
 */
export async function readPayload(
  payload: Payload,
  options: ReadPayloadOptions = {},
): Promise<unknown> {
  // Payloads from decodeMessage are checked already; a tool's own are not.
  const checked = readPayloadField({ payload }, 'payload', 'readPayload');
  if ('inline' in checked) return decodePayload(checked.inline, options);
  const resolved = resolveOptions(options);
  const max = resolved.maxPayloadBytes;
  checkSize(checked.spilled.bytes, max);
  const body = await fetchSpilled(checked.spilled, options.store, resolved);
  checkSize(body.byteLength, max);
  return decodePayloadBytes(body, resolved);
}
