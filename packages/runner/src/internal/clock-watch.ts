/**
 * The two clocks a sleep is told apart by. `wall` is the epoch clock the
 * operating system moves on while the machine is suspended; `monotonic`
 * does not advance during a suspend (Linux `CLOCK_MONOTONIC`, macOS's
 * uptime clock, both behind `performance.now()`).
 */
export interface Clocks {
  wall(): number;
  monotonic(): number;
}

/** The process's own clocks. */
export const SYSTEM_CLOCKS: Clocks = Object.freeze({
  wall: () => Date.now(),
  monotonic: () => performance.now(),
});

/** How a clock watch is set up. */
export interface ClockWatchOptions {
  clocks: Clocks;
  /** Wall time gained over monotonic time that counts as a sleep, in ms. */
  thresholdMs: number;
  tickMs: number;
  onJump(jumpMs: number): void;
}

/**
 * Calls `onJump` when the wall clock ran ahead of the monotonic clock by
 * more than the threshold between two ticks: the machine was suspended
 * (laptop sleep). A busy event loop that delays the tick moves both
 * clocks alike and is not a jump; nor is a wall clock set backwards.
 * Returns the function that stops the watch.
 */
export function watchClock(options: ClockWatchOptions): () => void {
  const { clocks } = options;
  let wall = clocks.wall();
  let monotonic = clocks.monotonic();
  const timer = setInterval(() => {
    const nextWall = clocks.wall();
    const nextMonotonic = clocks.monotonic();
    const gained = nextWall - wall - (nextMonotonic - monotonic);
    wall = nextWall;
    monotonic = nextMonotonic;
    if (gained > options.thresholdMs) options.onJump(Math.round(gained));
  }, options.tickMs).unref();
  return () => clearInterval(timer);
}
