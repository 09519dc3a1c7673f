import type { RawData } from 'ws';
import type { Logger } from '../logger.js';

/** A protocol message as the runner handles it. */
export type WireMessage = {
  action: string;
  v?: number;
  [field: string]: unknown;
};

/** Encodes one message as a text frame. */
export function encodeFrame(message: WireMessage): string {
  return JSON.stringify({ v: 1, ...message });
}

/** Decodes one frame; logs and drops what is not a message. */
export function decodeFrame(
  data: RawData,
  isBinary: boolean,
  logger: Logger,
): WireMessage | undefined {
  try {
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data as ArrayBuffer).toString('utf8');
    const message: unknown = JSON.parse(text);
    if (isBinary || typeof message !== 'object' || message === null) {
      throw new Error('not a message');
    }
    return message as WireMessage;
  } catch (error) {
    logger.warn('dropped a frame that is not a protocol message', error);
    return undefined;
  }
}
