import { decodeMessage, encodeMessage, type Message } from '@tether/codec';
import type { RawData } from 'ws';
import type { Logger } from '../logger.js';

/** A protocol message as the runner handles it. */
export type WireMessage = {
  action: string;
  v?: number;
  [field: string]: unknown;
};

/**
 * Encodes one message as a text frame, checked by the codec.
 * @throws {CodecError} for a message that would not decode.
 */
export function encodeFrame(message: WireMessage): string {
  return encodeMessage({ v: 1, ...message } as unknown as Message);
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

/** Decodes and validates one frame; logs and drops anything else. */
export function decodeFrame(
  data: RawData,
  isBinary: boolean,
  logger: Logger,
): WireMessage | undefined {
  if (isBinary) {
    logger.warn('dropped a binary frame: the protocol is text only');
    return undefined;
  }
  try {
    return decodeMessage(toBytes(data)) as unknown as WireMessage;
  } catch (error) {
    logger.warn('dropped a frame that is not a protocol message', error);
    return undefined;
  }
}
