export { NOT_LIVE_WARNING } from './annotations.js';
export { CONTEXT_KEYS } from './context-keys.js';
export { TetherError, type TetherErrorCode } from './errors.js';
export {
  LIVE_MANIFEST_FILE,
  type LiveFunction,
  type LiveFunctionSource,
  type LiveManifest,
} from './live-manifest.js';
export { Tether } from './tether.js';
export {
  DEBUG_STACK_OUTPUTS,
  TetherDebugStack,
  type TetherDebugStackProps,
} from './tether-debug-stack.js';
export type { TetherProps } from './tether-props.js';
export {
  KEEP_ALIVE_ROUTE,
  PAYLOAD_PREFIX,
  RELAY_ROUTES,
  RELAY_TABLE_KEYS,
  TetherRelay,
  type TetherRelayProps,
} from './tether-relay.js';
