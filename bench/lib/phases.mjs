import { setTimeout as sleep } from 'node:timers/promises';
import { createHistogram, recordMs, summarize } from './histogram.mjs';

function shuffled(items) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function newTally() {
  return { histogram: createHistogram(), errors: 0, firstError: undefined };
}

async function timedCall(invoke, request, tally) {
  const start = performance.now();
  try {
    await invoke(request);
    recordMs(tally.histogram, performance.now() - start);
    return true;
  } catch (error) {
    tally.errors++;
    tally.firstError ??= String(error?.message ?? error).slice(0, 300);
    return false;
  }
}

function report(tally) {
  return {
    ...summarize(tally.histogram),
    errors: tally.errors,
    ...(tally.firstError ? { firstError: tally.firstError } : {}),
  };
}

/**
 * Untimed invocations before measuring: every mode runs alone for
 * `durationMs`, then in bursts of `burst` concurrent calls, so that the
 * environments (the stub's, the relay's, the runner's) are started and
 * their code is compiled.
 */
export async function warmUp({ invokers, request, durationMs, burst }) {
  for (const key of Object.keys(invokers)) {
    await closedLoop(invokers[key], request, 1, durationMs, newTally());
    await closedLoop(invokers[key], request, burst, durationMs / 2, newTally());
  }
}

/**
 * Latency of one event size, the modes interleaved: rounds in a random
 * order, each mode below its target running for a slice of time, until
 * every mode has `target` samples or the budget is spent.
 */
export async function measureLatency({
  invokers,
  request,
  target,
  budgetMs,
  sliceMs,
  settleMs = 0,
  untimedFirst = true,
}) {
  const keys = Object.keys(invokers);
  const tallies = Object.fromEntries(keys.map((key) => [key, newTally()]));
  // One untimed call each: the first spill of a size, a cold path.
  if (untimedFirst) {
    for (const key of keys) await timedCall(invokers[key], request, newTally());
  }
  const end = performance.now() + budgetMs;
  const below = (key) =>
    tallies[key].histogram.totalCount + tallies[key].errors < target;
  while (performance.now() < end && keys.some(below)) {
    for (const key of shuffled(keys.filter(below))) {
      const sliceEnd = performance.now() + sliceMs;
      do {
        await timedCall(invokers[key], request, tallies[key]);
      } while (performance.now() < sliceEnd && below(key));
      // What a mode leaves running (a closing connection, an ending
      // process) finishes before the next mode's slice.
      await sleep(settleMs);
    }
  }
  return Object.fromEntries(keys.map((key) => [key, report(tallies[key])]));
}

async function closedLoop(invoke, request, callers, durationMs, tally) {
  const end = performance.now() + durationMs;
  let completed = 0;
  const start = performance.now();
  const worker = async () => {
    while (performance.now() < end) {
      if (await timedCall(invoke, request, tally)) completed++;
    }
  };
  await Promise.all(Array.from({ length: callers }, worker));
  return { completed, ms: performance.now() - start };
}

/**
 * Throughput and latency with `callers` concurrent callers in a closed
 * loop, per mode, in interleaved blocks of `blockMs` over `rounds`
 * rounds. An untimed burst first starts the environments it needs.
 */
export async function measureConcurrency({
  invokers,
  request,
  callers,
  blockMs,
  rounds,
  warm = true,
}) {
  const keys = Object.keys(invokers);
  const tallies = Object.fromEntries(keys.map((key) => [key, newTally()]));
  const totals = Object.fromEntries(
    keys.map((key) => [key, { completed: 0, ms: 0 }]),
  );
  // Untimed: the environments this concurrency needs start here.
  for (const key of warm ? keys : []) {
    await closedLoop(invokers[key], request, callers, blockMs, newTally());
  }
  for (let round = 0; round < rounds; round++) {
    for (const key of shuffled(keys)) {
      const run = await closedLoop(
        invokers[key],
        request,
        callers,
        blockMs,
        tallies[key],
      );
      totals[key].completed += run.completed;
      totals[key].ms += run.ms;
    }
  }
  return Object.fromEntries(
    keys.map((key) => [
      key,
      {
        callers,
        throughput: (totals[key].completed * 1000) / totals[key].ms,
        ...report(tallies[key]),
      },
    ]),
  );
}
