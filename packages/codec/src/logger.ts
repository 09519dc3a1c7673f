/**
 * The logger every Tether library reports to; the runner, local-cloud, the
 * stub, the relay and the CLI take this same shape. The libraries never
 * print on their own: pass a logger to see what they do.
 */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

const ignore = (): void => {};

/** A logger that drops everything: the default. */
export const SILENT_LOGGER: Logger = Object.freeze({
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
});
