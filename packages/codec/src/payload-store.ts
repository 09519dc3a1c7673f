import { randomUUID } from 'node:crypto';
import type { SpillTarget } from './payload.js';

/** The key prefix of every spilled payload. */
export const PAYLOAD_KEY_PREFIX = 'payloads/';

/**
 * Where payloads too big for a frame are kept. Implementations throw
 * {@link CodecError} `SPILLED_OBJECT_MISSING` from `get` for a key that is
 * not there, and `STORE_FAILED` for other failures.
 */
export interface PayloadStore {
  /** Stores gzip bytes under `key`. */
  put(key: string, body: Uint8Array): Promise<void>;
  /** The bytes under `key`. */
  get(key: string): Promise<Uint8Array>;
  /** Removes `key`; a missing key is no error. */
  delete(key: string): Promise<void>;
  /**
   * Presigned PUT, GET and DELETE URLs for `key`, for a party without
   * store rights. Optional: without it, readers need the store itself.
   */
  presign?(key: string): Promise<SpillTarget>;
}

/**
 * A fresh key for a spilled payload: `payloads/` and a random UUID.
 *
 * @example
 * ```ts
 * const target = await store.presign(newPayloadKey()); // for a result
 * ```
 */
export function newPayloadKey(): string {
  return `${PAYLOAD_KEY_PREFIX}${randomUUID()}`;
}
