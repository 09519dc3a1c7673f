import { LocalCloudError } from '../errors.js';
import { type Logger, SILENT_LOGGER } from '../logger.js';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/**
 * The logger to report to: the given one, or the silent one. A logger
 * without all four methods is refused at once rather than failing at its
 * first use, deep inside an invocation.
 * @throws {LocalCloudError} `INVALID_OPTIONS` naming the missing method.
 */
export function resolveLogger(logger: Logger | undefined): Logger {
  if (logger === undefined) return SILENT_LOGGER;
  for (const level of LEVELS) {
    if (typeof logger?.[level] !== 'function') {
      throw new LocalCloudError(
        'INVALID_OPTIONS',
        `logger.${level} must be a function`,
      );
    }
  }
  return logger;
}

/**
 * A callback option, checked.
 * @throws {LocalCloudError} `INVALID_OPTIONS` when it is not a function.
 */
export function resolveCallback<T>(name: string, callback: T): T {
  if (callback !== undefined && typeof callback !== 'function') {
    throw new LocalCloudError('INVALID_OPTIONS', `${name} must be a function`);
  }
  return callback;
}
