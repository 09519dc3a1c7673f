export { createEnvironmentPool } from './environment/create-environment-pool.js';
export { ENVIRONMENT_DEFAULTS } from './environment/defaults.js';
export { resolveHandler } from './environment/resolve-handler.js';
export type {
  EnvironmentInfo,
  EnvironmentOutput,
  EnvironmentPool,
  EnvironmentPoolOptions,
  EnvironmentPoolUpdate,
  EnvironmentState,
  HandlerCode,
  HandlerSource,
  InspectOptions,
  InvocationContext,
  InvocationFailure,
  InvocationOutcome,
  InvocationSuccess,
  LambdaError,
} from './environment/types.js';
export type { RunnerErrorCode } from './errors.js';
export { RunnerError } from './errors.js';
export type {
  BuildEvent,
  ConnectionEvent,
  InvocationEvent,
  OutputEvent,
  RunnerEvent,
} from './events.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
export type {
  LiveFunction,
  LiveFunctionSource,
  LiveManifest,
} from './manifest.js';
export { parseManifest } from './manifest.js';
export type { RunnerOptions } from './options.js';
export { RUNNER_DEFAULTS } from './options.js';
export type { Runner } from './start-runner.js';
export { startRunner } from './start-runner.js';
