import {
  fitInlineBudget,
  type Payload,
  readPayload,
  type SpillTarget,
  writePayload,
} from '@tether/codec';
import type { LambdaError } from '../environment/types.js';
import type { Logger } from '../logger.js';

/** Reads invocation payloads and writes result payloads. */
export interface PayloadIo {
  read(payload: unknown): Promise<unknown>;
  /** `target` is the invoke's `result` (presigned URLs), if any. */
  write(value: unknown, target: unknown): Promise<Payload>;
}

// The envelope of a result with the longest ids the relay makes, measured
// once: what is left of a frame is the inline budget.
const RESULT_BUDGET = fitInlineBudget({
  action: 'result',
  v: 1,
  id: 'x'.repeat(64),
  stub: 'x'.repeat(64),
});

const isTarget = (value: unknown): value is SpillTarget =>
  typeof value === 'object' &&
  value !== null &&
  ['key', 'put', 'get', 'delete'].every(
    (key) => typeof (value as Record<string, unknown>)[key] === 'string',
  );

/** Payload reading and writing through @tether/codec. */
export function createPayloadIo(logger: Logger): PayloadIo {
  return {
    read: (payload) => readPayload(payload as Payload, { logger }),
    write: (value, target) =>
      writePayload(value, {
        budget: RESULT_BUDGET,
        ...(isTarget(target) ? { target } : {}),
      }),
  };
}

const MESSAGE_LIMIT = 8 * 1024;
const TRACE_LIMIT = 16 * 1024;

/**
 * Cuts an error down to fit one frame: a handler may throw a message of
 * megabytes, and an error has no spill route.
 */
export function fitError(error: LambdaError): LambdaError {
  const errorType = String(error.errorType).slice(0, 256);
  const text = String(error.errorMessage);
  const errorMessage =
    text.length > MESSAGE_LIMIT
      ? `${text.slice(0, MESSAGE_LIMIT)}… (truncated)`
      : text;
  if (!error.trace) return { errorType, errorMessage };
  const trace: string[] = [];
  let size = 0;
  for (const line of error.trace.map(String)) {
    size += line.length;
    if (size > TRACE_LIMIT) break;
    trace.push(line);
  }
  return { errorType, errorMessage, trace };
}
