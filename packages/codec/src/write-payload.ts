import { CodecError } from './errors.js';
import { toBase64 } from './internal/base64.js';
import { putPresigned } from './internal/presigned-http.js';
import { resolveOptions } from './internal/resolve-options.js';
import type { Payload, SpillTarget } from './payload.js';
import {
  type EncodePayloadOptions,
  encodePayloadBytes,
} from './payload-codec.js';
import { newPayloadKey, type PayloadStore } from './payload-store.js';

/** Options of {@link writePayload}. */
export interface WritePayloadOptions extends EncodePayloadOptions {
  /**
   * Largest inline payload text, in bytes (base64 is ASCII). Use
   * {@link fitInlineBudget} to fit an exact envelope.
   * @default 24576 (a 32 KB frame less 8 KB of envelope)
   */
  budget?: number;
  /** Store to spill to. Used when no `target` is given. */
  store?: PayloadStore;
  /**
   * Presigned URLs of an object to spill to (an invoke's `result`): the
   * writer needs no store rights. Wins over `store`.
   */
  target?: SpillTarget;
  /**
   * Whether a spill to `store` carries presigned GET and DELETE URLs, so
   * that the reader needs no store rights. Needs `store.presign`.
   * @default true
   */
  presign?: boolean;
  /**
   * Timeout of the PUT to `target.put`, in milliseconds.
   * @default 30000
   */
  requestTimeoutMs?: number;
}

/** Inline length of n bytes as padded base64. */
function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

async function spillToStore(
  store: PayloadStore,
  body: Uint8Array,
  presign: boolean,
): Promise<Payload> {
  const key = newPayloadKey();
  await store.put(key, body);
  if (!presign || store.presign === undefined) {
    return { spilled: { key, bytes: body.byteLength } };
  }
  const urls = await store.presign(key);
  const spilled = { key, bytes: body.byteLength };
  return { spilled: { ...spilled, get: urls.get, delete: urls.delete } };
}

/**
 * The inline-or-spill decision: a value becomes an inline payload when its
 * base64 text fits `budget`, otherwise its gzip bytes go to `target` (by
 * presigned PUT) or to `store`, and the payload refers to them.
 *
 * @throws {@link CodecError} `UNSERIALIZABLE`, `PAYLOAD_TOO_LARGE`,
 *   `NO_STORE` (too big for the budget, and nowhere to spill) or
 *   `STORE_FAILED`.
 * @example
 * ```ts
 * const payload = await writePayload({ event, context, env }, { store });
 * socket.send(encodeMessage({ action: 'invoke', v: 1, ...rest, payload }));
 * ```
 */
export async function writePayload(
  value: unknown,
  options: WritePayloadOptions = {},
): Promise<Payload> {
  const resolved = resolveOptions(options);
  const budget = resolved.inlineBudget;
  const body = encodePayloadBytes(value, resolved);
  if (base64Length(body.byteLength) <= budget) {
    return { inline: toBase64(body) };
  }
  const { target, store } = options;
  if (target !== undefined) {
    await putPresigned(target.put, body, resolved.requestTimeoutMs);
    const spilled = { key: target.key, bytes: body.byteLength };
    return { spilled: { ...spilled, get: target.get, delete: target.delete } };
  }
  if (store !== undefined) {
    return spillToStore(store, body, resolved.presign);
  }
  throw new CodecError(
    'NO_STORE',
    `payload of ${base64Length(body.byteLength)} bytes is over the inline budget of ${budget} bytes and no store or target was given`,
  );
}
