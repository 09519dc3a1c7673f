/** How reconnection attempts are spaced. */
export interface BackoffOptions {
  /** Delay before the second attempt; the first is immediate. */
  initialMs: number;
  /** The longest delay between attempts. */
  maxMs: number;
}

/**
 * The delay before reconnection attempt `attempt` (0-based): none for the
 * first, then exponential growth capped at `maxMs`, with "equal jitter"
 * (half fixed, half random) so that many runners do not retry in step.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  if (attempt <= 0) return 0;
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
