/** A service that local-cloud started: where to reach it, how to end it. */
export interface LocalService {
  /** `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** Stops listening and ends every connection. Safe to call twice. */
  stop(): Promise<void>;
}

/** Wraps `stop` so that a second call returns the first call's promise. */
export function stopOnce(stop: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= stop();
    return stopping;
  };
}
