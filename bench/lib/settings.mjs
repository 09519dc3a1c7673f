/** What a run measures, full or `--quick`. */
export const SETTINGS = Object.freeze({
  full: {
    // Samples wanted per mode and time allowed per size, modes together.
    latency: {
      '1KB': { target: 1000, budgetMs: 16_000 },
      '32KB': { target: 1000, budgetMs: 16_000 },
      '100KB': { target: 500, budgetMs: 16_000 },
      '1MB': { target: 150, budgetMs: 16_000 },
      '5MB': { target: 40, budgetMs: 20_000 },
    },
    sliceMs: 200,
    settleMs: 50,
    warmUp: { durationMs: 2000, burst: 3 },
    // The per-invocation baselines at 100 callers start 100 processes or
    // connections at once, over and over: minutes on 2 cores. They run
    // there with --all-concurrency.
    concurrency: {
      levels: [1, 10, 100],
      blockMs: 1000,
      rounds: 2,
      baselinesUpTo: 10,
    },
    saves: 20,
    hops: 200,
    memoryFunctions: 10,
    cliReady: true,
  },
  quick: {
    latency: {
      '1KB': { target: 200, budgetMs: 2000 },
      '32KB': { target: 100, budgetMs: 1500 },
      '100KB': { target: 50, budgetMs: 1500 },
      '1MB': { target: 10, budgetMs: 1500, untimedFirst: false },
      '5MB': { target: 2, budgetMs: 1500, untimedFirst: false },
    },
    sliceMs: 100,
    settleMs: 30,
    warmUp: { durationMs: 600, burst: 3 },
    // Per-invocation baselines only at 1 caller, and no untimed block per
    // level: 10 callers' first environments start inside the measurement.
    concurrency: {
      levels: [1, 10],
      blockMs: 300,
      rounds: 1,
      warm: false,
      baselinesUpTo: 1,
    },
    saves: 5,
    hops: 30,
    memoryFunctions: 0,
    cliReady: false,
  },
});

// Fewer samples and shorter budgets, the same phases: to try a full run's
// code paths quickly (`--scale 0.1`).
function scaleSettings(settings, scale) {
  const times = (n, least) => Math.max(least, Math.round(n * scale));
  for (const size of Object.values(settings.latency)) {
    size.target = times(size.target, 1);
    size.budgetMs = times(size.budgetMs, 500);
  }
  settings.warmUp.durationMs = times(settings.warmUp.durationMs, 300);
  settings.concurrency.blockMs = times(settings.concurrency.blockMs, 200);
  settings.saves = times(settings.saves, 3);
  settings.hops = times(settings.hops, 10);
}

/**
 * Reads the command line: `--quick`, `--out FILE`, `--no-cli`, `--cli`,
 * `--concurrency 1,10,100`, `--synth` (no reused assembly in --quick),
 * `--memory` (the runner's memory in --quick too), `--scale 0.1` (fewer
 * samples and shorter budgets), `--all-concurrency` (the baselines at
 * every number of callers).
 */
export function parseArgs(argv) {
  const quick = argv.includes('--quick');
  const settings = structuredClone(quick ? SETTINGS.quick : SETTINGS.full);
  const value = (name) => {
    const at = argv.indexOf(name);
    return at === -1 ? undefined : argv[at + 1];
  };
  const levels = value('--concurrency');
  if (levels) settings.concurrency.levels = levels.split(',').map(Number);
  if (argv.includes('--no-cli')) settings.cliReady = false;
  if (argv.includes('--cli')) settings.cliReady = true;
  if (argv.includes('--memory')) settings.memoryFunctions = 10;
  if (argv.includes('--all-concurrency')) {
    settings.concurrency.baselinesUpTo = Number.POSITIVE_INFINITY;
  }
  const scale = Number(value('--scale') ?? 1);
  if (scale !== 1) scaleSettings(settings, scale);
  return {
    quick,
    settings,
    out: value('--out'),
    synth: argv.includes('--synth'),
  };
}
