import { setTimeout as sleep } from 'node:timers/promises';

/** Direct invoke: waits `event.ms` milliseconds, then says how long. */
export async function handler(event: { ms?: number }) {
  const ms = Math.max(0, Number(event?.ms ?? 0));
  await sleep(ms);
  return { waitedMs: ms };
}
