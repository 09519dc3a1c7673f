/**
 * At most `limit` calls inside at once; the others wait in order of
 * arrival. A waiting call whose signal aborts leaves the line without
 * ever entering, so that nothing runs for a caller that has given up.
 */
export class ConcurrencyGate {
  #limit: number;
  #inside = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Calls inside now. */
  get inside(): number {
    return this.#inside;
  }

  /** Calls waiting now. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** A new limit; calls inside stay, waiting ones enter as room allows. */
  set limit(limit: number) {
    this.#limit = limit;
    this.#admit();
  }

  /**
   * Resolves once the call is inside (`true`), or `false` when `signal`
   * aborted first; a call that entered must `leave()`.
   */
  enter(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    if (this.#inside < this.#limit && this.#waiting.length === 0) {
      this.#inside += 1;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const admit = () => {
        signal?.removeEventListener('abort', giveUp);
        this.#inside += 1;
        resolve(true);
      };
      const giveUp = () => {
        const at = this.#waiting.indexOf(admit);
        if (at >= 0) this.#waiting.splice(at, 1);
        resolve(false);
      };
      signal?.addEventListener('abort', giveUp, { once: true });
      this.#waiting.push(admit);
    });
  }

  /** Ends a call that entered; the next waiting one enters. */
  leave(): void {
    this.#inside -= 1;
    this.#admit();
  }

  #admit(): void {
    while (this.#inside < this.#limit && this.#waiting.length > 0) {
      this.#waiting.shift()?.();
    }
  }
}
