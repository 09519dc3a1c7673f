import {
  FRAME_LIMIT_BYTES,
  LAMBDA_PAYLOAD_LIMIT_BYTES,
  MESSAGE_LIMIT_BYTES,
} from './limits.js';
import { SILENT_LOGGER } from './logger.js';

/**
 * The defaults of every codec option. The codec reads no environment
 * variables: an argument wins, otherwise the default here applies.
 */
export const DEFAULTS = Object.freeze({
  /**
   * gzip level for payloads: the fastest, chosen from the bench (see the
   * README); levels 6 and 9 shrink the text by 6 to 8 per cent more.
   */
  gzipLevel: 1,
  /**
   * Largest payload JSON, in bytes, before compression or after inflation:
   * Lambda's 6 MB plus 2 MB for the invocation's context and environment.
   */
  maxPayloadBytes: LAMBDA_PAYLOAD_LIMIT_BYTES + 2 * 1024 * 1024,
  /**
   * Largest inline payload text: one 32 KB frame less 8 KB for the
   * envelope (ids, names and the presigned URLs of an `invoke`).
   */
  inlineBudget: FRAME_LIMIT_BYTES - 8 * 1024,
  /** Largest frame `decodeMessage` accepts: one API Gateway message. */
  maxFrameBytes: MESSAGE_LIMIT_BYTES,
  /** Whether a spill to a store carries presigned GET and DELETE URLs. */
  presign: true,
  /** Timeout of each request to a presigned URL, in milliseconds. */
  requestTimeoutMs: 30_000,
  /** Logger for what the codec does not throw. */
  logger: SILENT_LOGGER,
});
