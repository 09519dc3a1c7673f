export type { Logger } from '@tether/codec';
export {
  type InvocationContext,
  type LambdaContext,
  toForwardedEnv,
  toInvocationContext,
} from './context.js';
export {
  ERROR_TYPES,
  StubError,
  type StubErrorCode,
  toHandlerError,
} from './errors.js';
export { createStubHandler, handler, type StubHandler } from './handler.js';
export {
  DEFAULTS,
  type ResolvedStubOptions,
  type StubOptions,
} from './options.js';
