import { DEFAULTS } from '../defaults.js';
import type { Logger } from '../logger.js';

/** Every codec option, complete. */
export interface ResolvedOptions {
  gzipLevel: number;
  maxPayloadBytes: number;
  inlineBudget: number;
  maxFrameBytes: number;
  presign: boolean;
  requestTimeoutMs: number;
  logger: Logger;
}

type Given = Partial<Omit<ResolvedOptions, 'inlineBudget'>> & {
  budget?: number;
};

const COUNTS = [
  'maxPayloadBytes',
  'inlineBudget',
  'maxFrameBytes',
  'requestTimeoutMs',
] as const;

function check(resolved: ResolvedOptions): ResolvedOptions {
  const level = resolved.gzipLevel;
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new TypeError(`gzipLevel must be an integer 0..9, not ${level}`);
  }
  for (const name of COUNTS) {
    const value = resolved[name];
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new TypeError(`${name} must be a non-negative integer`);
    }
  }
  return resolved;
}

/**
 * Resolves the options of one call, once: each given option wins, every
 * other one is its default. Misuse (a gzip level of 12) is a TypeError.
 */
export function resolveOptions(given: Given = {}): ResolvedOptions {
  const pick = <T>(value: T | undefined, fallback: T): T =>
    value === undefined ? fallback : value;
  return check({
    gzipLevel: pick(given.gzipLevel, DEFAULTS.gzipLevel),
    maxPayloadBytes: pick(given.maxPayloadBytes, DEFAULTS.maxPayloadBytes),
    inlineBudget: pick(given.budget, DEFAULTS.inlineBudget),
    maxFrameBytes: pick(given.maxFrameBytes, DEFAULTS.maxFrameBytes),
    presign: pick(given.presign, DEFAULTS.presign),
    requestTimeoutMs: pick(given.requestTimeoutMs, DEFAULTS.requestTimeoutMs),
    logger: pick(given.logger, DEFAULTS.logger),
  });
}
