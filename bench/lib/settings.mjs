/** What a run measures, full or `--quick`. */
export const SETTINGS = Object.freeze({
  full: {
    // Samples wanted per mode and time allowed per size, modes together.
    latency: {
      '1KB': { target: 1000, budgetMs: 20_000 },
      '32KB': { target: 1000, budgetMs: 20_000 },
      '100KB': { target: 500, budgetMs: 20_000 },
      '1MB': { target: 150, budgetMs: 20_000 },
      '5MB': { target: 40, budgetMs: 25_000 },
    },
    sliceMs: 200,
    settleMs: 50,
    warmUp: { durationMs: 2000, burst: 3 },
    concurrency: {
      levels: [1, 10, 100],
      blockMs: 1000,
      rounds: 2,
      baselinesUpTo: 100,
    },
    saves: 20,
    hops: 300,
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

/**
 * Reads the command line: `--quick`, `--out FILE`, `--no-cli`, `--cli`,
 * `--concurrency 1,10,100`, `--synth` (no reused assembly in --quick),
 * `--memory` (the runner's memory in --quick too).
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
  return {
    quick,
    settings,
    out: value('--out'),
    synth: argv.includes('--synth'),
  };
}
