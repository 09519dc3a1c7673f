import {
  decodeMessage,
  decodePayload,
  encodeMessage,
  encodePayload,
  FRAME_LIMIT_BYTES,
  type Message,
  measureFrame,
} from '@tether/codec';

/**
 * A message as people read it: the inline payload decoded into `value`
 * (a spilled payload stays a reference to S3).
 */
export type Readable = Record<string, unknown> & { value?: unknown };

/** Decodes one frame into its readable form. */
export function readFrame(frame: string): Readable {
  const message = decodeMessage(frame) as unknown as Record<string, unknown>;
  const { payload, ...rest } = message;
  if (payload === undefined) return rest;
  const carried = payload as { inline?: string; spilled?: unknown };
  if (carried.inline !== undefined) {
    return { ...rest, value: decodePayload(carried.inline) };
  }
  return { ...rest, spilled: carried.spilled };
}

/**
 * Encodes a readable message (`value` in place of the payload) into a
 * frame, checked by the codec as the relay would check it.
 */
export function writeFrame(readable: Readable): string {
  const { value, ...rest } = readable;
  const message =
    value === undefined
      ? rest
      : { ...rest, payload: { inline: encodePayload(value) } };
  return encodeMessage(message as unknown as Message);
}

/** Size of a frame and whether it fits API Gateway's 32 KB frame. */
export function describeFrame(frame: string) {
  const bytes = measureFrame(frame);
  return { bytes, fitsOneFrame: bytes <= FRAME_LIMIT_BYTES };
}
