import { readdir, readFile } from 'node:fs/promises';
import { spawnRunner } from './spawn-runner.mjs';

const STAGE = 'benchmem';

async function childrenOf(pid) {
  const found = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(
        stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1],
      );
      if (parent === pid) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

// RSS counts shared pages (the Node.js binary) in every process; PSS
// shares them out, so the PSS of several processes adds up.
async function memoryOf(pid) {
  const text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (name) =>
    Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  const command = (await readFile(`/proc/${pid}/comm`, 'utf8')).trim();
  return { command, rssMB: kb('Rss') / 1024, pssMB: kb('Pss') / 1024 };
}

const round = (n) => Math.round(n * 10) / 10;

/**
 * The runner's memory with `count` warm functions: a runner in a process
 * of its own serves `count` copies of Echo, each invoked once through its
 * own stub function, then the runner process and its environments are
 * read from /proc.
 */
export async function measureRunnerMemory({
  chain,
  invoke,
  count,
  credentials,
}) {
  const echo = chain.manifest.functions.find((fn) => fn.id === 'Echo');
  const functions = Array.from({ length: count }, (_, i) => ({
    ...echo,
    id: `Echo${i}`,
    constructPath: `${echo.constructPath}${i}`,
    logicalId: `${echo.logicalId}${i}`,
  }));
  const url = new URL(chain.debug.relayUrl);
  url.searchParams.set('kind', 'runner');
  const options = {
    url: url.toString(),
    manifest: { ...chain.manifest, stage: STAGE, functions },
    credentials,
    region: 'us-east-1',
  };
  const { child, stop } = await spawnRunner(options);
  const names = [];
  try {
    for (const fn of functions) {
      const name = `BenchMem${fn.id}`;
      await chain.cloud.lambda.createFunction({
        name,
        codeDir: chain.stubDir,
        handler: 'index.handler',
        timeout: echo.timeout,
        memorySize: echo.memorySize,
        environment: chain.stubEnvironment({
          TETHER_STAGE: STAGE,
          TETHER_FUNCTION_ID: fn.id,
        }),
      });
      names.push(name);
      await invoke(name);
    }
    const runner = await memoryOf(child.pid);
    const children = await Promise.all(
      (await childrenOf(child.pid)).map(memoryOf),
    );
    // esbuild's service process is the runner's too, not an environment.
    const environments = children.filter((c) => c.command !== 'esbuild');
    const esbuild = children.filter((c) => c.command === 'esbuild');
    const sum = (key) => environments.reduce((n, e) => n + e[key], 0);
    return {
      functions: count,
      environments: environments.length,
      runnerRssMB: round(runner.rssMB),
      runnerPssMB: round(runner.pssMB),
      environmentsRssMB: round(sum('rssMB')),
      environmentsPssMB: round(sum('pssMB')),
      esbuildPssMB: round(esbuild.reduce((n, e) => n + e.pssMB, 0)),
      totalPssMB: round(
        runner.pssMB + sum('pssMB') + esbuild.reduce((n, e) => n + e.pssMB, 0),
      ),
    };
  } finally {
    await stop();
    for (const name of names) {
      await chain.cloud.lambda.deleteFunction(name).catch(() => {});
    }
  }
}
