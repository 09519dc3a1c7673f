export { DEFAULTS } from './defaults.js';
export {
  CODEC_ERROR_CODES,
  CodecError,
  type CodecErrorCode,
  isCodecError,
} from './errors.js';
export {
  countFrames,
  DEFAULT_INLINE_BUDGET,
  fitInlineBudget,
  measureFrame,
} from './frame-size.js';
export {
  FRAME_LIMIT_BYTES,
  LAMBDA_PAYLOAD_LIMIT_BYTES,
  MESSAGE_LIMIT_BYTES,
} from './limits.js';
export { type Logger, SILENT_LOGGER } from './logger.js';
export {
  type DecodeMessageOptions,
  decodeMessage,
  encodeMessage,
} from './message-codec.js';
export {
  ACTIONS,
  type AckMessage,
  type Action,
  type ErrorMessage,
  type EvictedMessage,
  FAULT_CODES,
  type FaultCode,
  type FaultMessage,
  type InvocationError,
  type InvokeMessage,
  type Message,
  type MessageOf,
  type PingMessage,
  PROTOCOL_VERSION,
  type RegisteredMessage,
  type RegisterMessage,
  type ResultMessage,
  type ResumeMessage,
} from './messages.js';
export type { Payload, SpilledRef, SpillTarget } from './payload.js';
export {
  type DecodePayloadOptions,
  decodePayload,
  decodePayloadBytes,
  type EncodePayloadOptions,
  encodePayload,
  encodePayloadBytes,
} from './payload-codec.js';
export {
  newPayloadKey,
  PAYLOAD_KEY_PREFIX,
  type PayloadStore,
} from './payload-store.js';
export { type ReadPayloadOptions, readPayload } from './read-payload.js';
export { type WritePayloadOptions, writePayload } from './write-payload.js';
