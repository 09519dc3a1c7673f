import { decodeMessage, encodeMessage, type Message } from '@tether/codec';
import type { RawData } from 'ws';
import type { Logger } from '../logger.js';
import { isRecord } from './is-record.js';

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
  const bytes = toBytes(data);
  try {
    return decodeMessage(bytes) as unknown as WireMessage;
  } catch (error) {
    const gatewayError = readGatewayError(bytes);
    if (gatewayError) logger.warn(gatewayError);
    else logger.warn('dropped a frame that is not a protocol message');
    logger.debug('the dropped frame', Buffer.from(bytes).toString(), error);
    return undefined;
  }
}

/**
 * The warning for API Gateway's own error frame, or undefined for any
 * other frame. API Gateway sends `{ message, connectionId, requestId }`
 * to the caller when a route's integration fails ("Internal server
 * error": the relay function threw or timed out) or is refused
 * ("Forbidden"): the relay did not handle one message this runner sent.
 * The frame does not say which one.
 */
function readGatewayError(bytes: Uint8Array): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString());
  } catch {
    return undefined;
  }
  if (!isRecord(value) || 'action' in value) return undefined;
  const { message, requestId } = value;
  if (typeof message !== 'string' || typeof requestId !== 'string') return;
  return (
    `a relay call failed (API Gateway: "${message}", ` +
    `request ${requestId}): the relay did not handle a message this ` +
    'runner sent; if it was an answer, its stub may not get it'
  );
}
