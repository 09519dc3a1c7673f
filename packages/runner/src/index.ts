export type { RunnerErrorCode } from './errors.js';
export { RunnerError } from './errors.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
