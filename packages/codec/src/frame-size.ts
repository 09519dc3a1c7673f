import { DEFAULTS } from './defaults.js';
import { FRAME_LIMIT_BYTES } from './limits.js';
import type { Message } from './messages.js';

/**
 * Size of a frame in UTF-8 bytes, the unit of API Gateway's limits.
 *
 * @param frame - Frame text, or a message (measured as `JSON.stringify`
 *   writes it, which is what {@link encodeMessage} sends).
 * @example
 * ```ts
 * if (measureFrame(text) > FRAME_LIMIT_BYTES) sendFragmented(text);
 * ```
 */
export function measureFrame(frame: string | Message): number {
  const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
  return Buffer.byteLength(text, 'utf8');
}

/**
 * How many frames of `frameBytes` a frame of this size needs when sent
 * fragmented.
 *
 * @param frameBytes - Size of one frame; defaults to 32768.
 * @example
 * ```ts
 * countFrames(measureFrame(text)); // 1 while text fits one frame
 * ```
 */
export function countFrames(
  bytes: number,
  frameBytes: number = FRAME_LIMIT_BYTES,
): number {
  return Math.max(1, Math.ceil(bytes / frameBytes));
}

/**
 * The inline budget that keeps a whole message, envelope included, within
 * `frameBytes`: the frame limit less the envelope's size with an empty
 * inline payload. Pass it as `budget` to {@link writePayload}.
 *
 * @param envelope - The message that will carry the payload, its payload
 *   left out or set to anything (it is measured as `{ inline: '' }`).
 * @param frameBytes - The frame size to fit; defaults to 32768.
 * @example
 * ```ts
 * const budget = fitInlineBudget({ ...invoke, stub: 'x'.repeat(32) });
 * const payload = await writePayload(value, { store, budget });
 * ```
 */
export function fitInlineBudget(
  envelope: object,
  frameBytes: number = FRAME_LIMIT_BYTES,
): number {
  const empty = { ...envelope, payload: { inline: '' } };
  return Math.max(0, frameBytes - measureFrame(JSON.stringify(empty)));
}

/** The budget {@link writePayload} uses when given none. */
export const DEFAULT_INLINE_BUDGET = DEFAULTS.inlineBudget;
