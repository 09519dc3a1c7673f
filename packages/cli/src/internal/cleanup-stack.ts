import type { Logger } from '../render/reporter.js';

interface Entry {
  label: string;
  run: () => Promise<unknown> | unknown;
}

/** How long one cleanup may take before the next one starts anyway. */
const STEP_LIMIT_MS = 4000;

function withLimit(work: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up after ${ms} ms`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/**
 * What a command has started, stopped in reverse order: the runner before
 * the cloud it talks to, the cloud before the folder it reads. Each step
 * is bounded in time so Ctrl-C always ends the process quickly.
 */
export class CleanupStack {
  private readonly entries: Entry[] = [];

  constructor(private readonly logger: Logger) {}

  /** Registers `run` to happen at {@link CleanupStack.unwind}. */
  defer(label: string, run: Entry['run']): void {
    this.entries.push({ label, run });
  }

  /** Runs every registered cleanup, last first; never throws. */
  async unwind(): Promise<void> {
    for (let entry = this.entries.pop(); entry; entry = this.entries.pop()) {
      const { label, run } = entry;
      try {
        await withLimit(Promise.resolve().then(run), STEP_LIMIT_MS);
        this.logger.debug(`stopped: ${label}`);
      } catch (error) {
        this.logger.warn(`could not stop ${label}: ${String(error)}`);
      }
    }
  }
}
