interface Held {
  lines: string[];
  timer: NodeJS.Timeout;
  streaming: boolean;
}

/**
 * Holds a running invocation's output lines so they print under its
 * invocation line. An invocation still running after `holdMs` gets a
 * "running…" line (from `onStreaming`) and streams from then on.
 */
export class OutputHold {
  readonly #held = new Map<string, Held>();

  constructor(
    private readonly holdMs: number,
    private readonly print: (text: string) => void,
  ) {}

  /** Adds a line of `requestId`'s output: held, or printed if streaming. */
  add(requestId: string, text: string, onStreaming: () => void): void {
    const entry = this.#held.get(requestId);
    // Output outside an invocation (module init) has nothing to wait for.
    if (requestId === '' || entry?.streaming) {
      this.print(text);
      return;
    }
    if (entry) {
      entry.lines.push(text);
      return;
    }
    const timer = setTimeout(() => {
      const current = this.#held.get(requestId);
      if (current === undefined) return;
      onStreaming();
      for (const line of current.lines) this.print(line);
      current.lines = [];
      current.streaming = true;
    }, this.holdMs);
    timer.unref();
    this.#held.set(requestId, { lines: [text], timer, streaming: false });
  }

  /** Prints and forgets what is held for `requestId` (it has ended). */
  release(requestId: string): void {
    const entry = this.#held.get(requestId);
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    this.#held.delete(requestId);
    for (const line of entry.lines) this.print(line);
  }

  /** Prints everything still held. */
  releaseAll(): void {
    for (const requestId of [...this.#held.keys()]) this.release(requestId);
  }
}
