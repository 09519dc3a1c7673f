// The runner takes the codec's logger, so one logger object fits every
// Tether package; `silentLogger` keeps the name the runner has published.
export { type Logger, SILENT_LOGGER as silentLogger } from '@tether/codec';
