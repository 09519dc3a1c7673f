#!/usr/bin/env node
// The chain benchmark: examples/http-api on local-cloud, each mode of the
// README measured side by side. `node bench/chain.mjs [--quick]` after
// `npm run build`; see bench/README.md.
import os from 'node:os';
import path from 'node:path';
import { setUpChain } from './lib/chain-setup.mjs';
import { measureCliReady } from './lib/cli-ready.mjs';
import { cpuPerInvocation } from './lib/cpu.mjs';
import { makeRequest, SIZES } from './lib/events.mjs';
import { REPO_ROOT } from './lib/example-app.mjs';
import { createRelayRecorder, profileHops } from './lib/hops.mjs';
import {
  createAgent,
  floorInvoker,
  lambdaInvoker,
  MODES,
} from './lib/modes.mjs';
import { measureConcurrency, measureLatency, warmUp } from './lib/phases.mjs';
import {
  describeMachine,
  formatExtras,
  formatTables,
  writeResults,
} from './lib/report.mjs';
import { measureRunnerMemory } from './lib/runner-memory.mjs';
import { measureSaves } from './lib/save-to-response.mjs';
import { parseArgs } from './lib/settings.mjs';

const BASELINES = ['stubPerInvocation', 'freshRunner'];
const log = (line) => process.stderr.write(`${line}\n`);

/**
 * Runs `measure`, logs how long it took, returns its value; a phase that
 * fails is recorded as `{ failed }` and the run goes on.
 */
async function phase(name, measure) {
  const start = performance.now();
  let value;
  try {
    value = await measure();
  } catch (error) {
    log(`${name} failed: ${error?.stack ?? error}`);
    value = { failed: String(error?.message ?? error).slice(0, 500) };
  }
  log(`${name} ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return value;
}

function createInvokers(chain, agent) {
  const invoker = (name) => lambdaInvoker(chain.lambdaEndpoint, name, agent);
  const invokers = { floor: floorInvoker(chain.echoFile) };
  for (const mode of MODES) {
    if (mode.key !== 'floor')
      invokers[mode.key] = invoker(chain.functions[mode.key]);
  }
  return { invokers, invoker };
}

async function measureModes({ invokers, settings, results, chain }) {
  const small = makeRequest(1024);
  await phase('warm-up', () =>
    warmUp({ invokers, request: small, ...settings.warmUp }),
  );
  results.latency = {};
  for (const size of SIZES) {
    results.latency[size.key] = await phase(`latency ${size.key}`, () =>
      measureLatency({
        invokers,
        request: makeRequest(size.bytes),
        sliceMs: settings.sliceMs,
        settleMs: settings.settleMs,
        ...settings.latency[size.key],
      }),
    );
    chain.runnerEvents.length = 0;
  }
  results.concurrency = {};
  for (const callers of settings.concurrency.levels) {
    const { baselinesUpTo, ...concurrency } = settings.concurrency;
    const modes = Object.entries(invokers).filter(
      ([key]) => callers <= baselinesUpTo || !BASELINES.includes(key),
    );
    results.concurrency[callers] = await phase(`${callers} callers`, () =>
      measureConcurrency({
        invokers: Object.fromEntries(modes),
        request: small,
        callers,
        ...concurrency,
      }),
    );
    chain.runnerEvents.length = 0;
  }
}

async function measureHops({ invokers, invoker, settings, chain, relay }) {
  const hops = {};
  for (const [size, bytes, count] of [
    ['1KB', 1024, settings.hops],
    ['1MB', 1024 * 1024, Math.ceil(settings.hops / 10)],
  ]) {
    hops[size] = await profileHops({
      invoke: invokers.tether,
      plain: invokers.plain,
      request: makeRequest(bytes),
      count,
      chain,
      relay,
    });
  }
  // CPU time per invocation, by process: on a shared 2-core machine it
  // decides latency under load and throughput.
  hops.cpuPerInvocation = {};
  for (const key of ['tether', 'plain']) {
    hops.cpuPerInvocation[key] = await cpuPerInvocation({
      invoke: invokers[key],
      request: makeRequest(1024),
      count: settings.hops,
      names: { plain: chain.functions.plain },
    });
  }
  // What Lambda's per-invocation _X_AMZN_TRACE_ID and per-environment log
  // stream do to a warm runner: alone, then with 4 callers, where
  // invocations alternate between stub environments.
  const lambdaLike = {
    tether: invokers.tether,
    traced: invoker(chain.functions.traced),
  };
  hops.traceId = await measureLatency({
    invokers: lambdaLike,
    request: makeRequest(1024),
    target: Math.ceil(settings.hops / 3),
    budgetMs: Math.max(3000, settings.hops * 20),
    sliceMs: settings.sliceMs,
    settleMs: settings.settleMs,
  });
  hops.logStream = await measureConcurrency({
    invokers: lambdaLike,
    request: makeRequest(1024),
    callers: 4,
    blockMs: 1000,
    rounds: 1,
  });
  return hops;
}

async function measureChain(chain, settings, results, relay) {
  const agent = createAgent();
  const { invokers, invoker } = createInvokers(chain, agent);
  const context = { invokers, invoker, settings, results, chain, relay };
  await measureModes(context);
  results.hops = await phase('hops', () => measureHops(context));
  results.saves = await phase('saves', () =>
    measureSaves({
      chain,
      invoke: invoker(chain.functions.hello),
      saves: settings.saves,
    }),
  );
  const small = makeRequest(1024);
  if (settings.memoryFunctions === 0) return agent.destroy();
  results.runnerMemory = await phase('runner memory', () =>
    measureRunnerMemory({
      chain,
      count: settings.memoryFunctions,
      credentials: chain.credentials(),
      invoke: (name) => invoker(name)(small),
    }),
  );
  agent.destroy();
}

function printResults(results, file) {
  const machine = results.machine;
  process.stdout.write(
    `Node ${machine.node}, ${machine.cores} cores, ${machine.memoryMB} MB, ` +
      `load average ${machine.loadAverage[0]} at start, ` +
      `${machine.loadAverageAtEnd[0]} at end; ` +
      `commit ${machine.commit.slice(0, 7)}\n\n` +
      `${formatTables(results)}\n\n${formatExtras(results)}\n`,
  );
  const seconds = results.totalSeconds.toFixed(0);
  log(`total ${seconds} s; ${path.relative(process.cwd(), file)}`);
}

async function main() {
  const { quick, settings, out, synth } = parseArgs(process.argv.slice(2));
  const startedAt = performance.now();
  const results = {
    quick,
    startedAt: new Date().toISOString(),
    machine: describeMachine(REPO_ROOT),
    modes: MODES,
  };
  const load = results.machine.loadAverage.join(' ');
  log(`chain bench${quick ? ' --quick' : ''}, load average ${load}`);
  const relay = createRelayRecorder();
  const chain = await setUpChain({
    log,
    onRelayInvoke: relay.onRelayInvoke,
    reuse: quick && !synth,
  });
  results.startToReady = {
    harnessMs: chain.steps,
    synthesisReused: chain.synthesisReused,
  };
  // Ctrl-C stops what the run started (environments, runners, servers).
  const interrupt = async () => {
    log('interrupted: stopping');
    await chain.stop();
    process.exit(130);
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    await measureChain(chain, settings, results, relay);
  } finally {
    results.runnerConnectionEvents = chain.connectionEvents;
    await chain.stop();
  }
  if (settings.cliReady) {
    results.startToReady.cli = await phase('tether dev --local', () =>
      measureCliReady(),
    );
  }
  const loadAtEnd = os.loadavg().map((n) => Number(n.toFixed(1)));
  results.machine.loadAverageAtEnd = loadAtEnd;
  results.totalSeconds = (performance.now() - startedAt) / 1000;
  const name = quick ? 'quick.json' : 'latest.json';
  const file = out ?? path.join(import.meta.dirname, 'results', name);
  await writeResults(file, results);
  printResults(results, file);
}

await main();
