// Local-cloud takes the codec's logger, which the runner re-exports (the
// codec is reached through the runner, not a dependency of its own), so
// one logger object fits every Tether package.
export { type Logger, silentLogger as SILENT_LOGGER } from '@tether/runner';
