import { type LocalCloud, startLocalCloud } from '../../../src/index.js';

/** Starts the real local cloud (part 1) on ephemeral ports. */
export function startTestCloud(): Promise<LocalCloud> {
  return startLocalCloud({ region: 'us-east-1', accountId: '123456789012' });
}

/** A logger that keeps the warnings, for assertions. */
export function collectingLogger(warnings: string[]) {
  const ignore = () => {};
  return {
    debug: ignore,
    info: ignore,
    warn: (message: string) => {
      warnings.push(message);
    },
    error: ignore,
  };
}
