export type { Logger } from '@tether/codec';
export { RelayError, type RelayErrorCode } from './errors.js';
export type { WebSocketEvent, WebSocketResult } from './event.js';
export {
  createRelayHandler,
  handler,
  type RelayHandler,
} from './handler.js';
export type { ManagementClientFactory } from './internal/connections-api.js';
export {
  DEFAULTS,
  type RelayOptions,
  type ResolvedRelayOptions,
} from './options.js';
