import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MODES } from './modes.mjs';

/** The machine and the code measured. */
export function describeMachine(root) {
  let commit = 'unknown';
  let dirty = false;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root })
      .toString()
      .trim();
    dirty =
      execFileSync('git', ['status', '--porcelain'], { cwd: root })
        .toString()
        .trim() !== '';
  } catch {
    // Not a git checkout: the commit stays unknown.
  }
  return {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model,
    memoryMB: Math.round(os.totalmem() / 2 ** 20),
    freeMemoryMB: Math.round(os.freemem() / 2 ** 20),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((n) => Number(n.toFixed(1))),
    commit,
    dirtyWorkingTree: dirty,
  };
}

const ms = (n) =>
  n === undefined ? '-' : n < 10 ? n.toFixed(2) : n.toFixed(1);
const ratio = (n, floor) =>
  n === undefined || !floor
    ? '-'
    : `${(n / floor).toFixed(n / floor < 10 ? 1 : 0)}x`;

function table(header, rows) {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => String(row[i]).length)),
  );
  const line = (cells) =>
    cells
      .map((cell, i) =>
        i < 2
          ? String(cell).padEnd(widths[i])
          : String(cell).padStart(widths[i]),
      )
      .join('  ');
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}

function label(key) {
  return MODES.find((mode) => mode.key === key)?.label ?? key;
}

/** The latency and concurrency tables, with each mode's ratio to the floor. */
export function formatTables(results) {
  const out = [];
  const latencyRows = [];
  for (const [size, byMode] of Object.entries(results.latency)) {
    const floor = byMode.floor?.p50;
    for (const [key, r] of Object.entries(byMode)) {
      latencyRows.push([
        size,
        label(key),
        ms(r.p50),
        ms(r.p90),
        ms(r.p99),
        ratio(r.p50, floor),
        r.samples,
        r.errors,
      ]);
    }
  }
  out.push(
    'Latency per invocation (ms; ratio = p50 / floor p50)',
    table(
      ['size', 'mode', 'p50', 'p90', 'p99', 'ratio', 'n', 'err'],
      latencyRows,
    ),
  );
  const concurrencyRows = [];
  for (const [callers, byMode] of Object.entries(results.concurrency)) {
    const floor = byMode.floor;
    for (const [key, r] of Object.entries(byMode)) {
      concurrencyRows.push([
        callers,
        label(key),
        r.throughput?.toFixed(0) ?? '-',
        ms(r.p50),
        ms(r.p99),
        ratio(r.p50, floor?.p50),
        r.samples ?? 0,
        r.errors,
      ]);
    }
  }
  out.push(
    '',
    'Concurrent callers, 1 KB events (throughput in invocations/s; ratio = p50 / floor p50)',
    table(
      ['callers', 'mode', 'per s', 'p50', 'p99', 'ratio', 'n', 'err'],
      concurrencyRows,
    ),
  );
  return out.join('\n');
}

const seconds = (n) => (n === undefined ? '-' : `${(n / 1000).toFixed(1)} s`);

function formatHops(hops) {
  const rows = [];
  const names = {
    total: 'caller → answer, Tether warm',
    plainTotal: 'caller → answer, plain local Lambda',
    outsideStub: 'Invoke API and local-cloud around the stub',
    stub: "stub's own duration (REPORT)",
    stubToRunner: 'stub sends → runner has the invocation',
    runnerHost: 'runner: build check, environment, handler',
    stubWorkAndReturn: "stub's work + runner → relay → stub",
  };
  for (const [size, profile] of Object.entries(hops)) {
    if (!profile?.relayByRoute) continue;
    for (const [key, name] of Object.entries(names)) {
      rows.push([size, name, ms(profile[key]?.p50), ms(profile[key]?.p90)]);
    }
    for (const [route, r] of Object.entries(profile.relayByRoute)) {
      rows.push([size, `relay Lambda, route ${route}`, ms(r.p50), ms(r.p90)]);
    }
  }
  return table(['size', 'hop (sequential invocations)', 'p50', 'p90'], rows);
}

/** Start to ready, saves, memory and the hops, as text. */
export function formatExtras(results) {
  const out = [];
  const steps = results.startToReady.harnessMs;
  const total = Object.values(steps).reduce((a, b) => a + b, 0);
  const parts = Object.entries(steps)
    .map(([k, v]) => `${k} ${seconds(v)}`)
    .join(', ');
  out.push(`Start to ready (harness): ${seconds(total)} (${parts})`);
  const cli = results.startToReady.cli;
  if (cli) {
    out.push(
      `tether dev --local to ready: ${seconds(cli.readyMs)}; Ctrl-C to exit ${seconds(cli.stopMs)}`,
    );
  }
  for (const [name, value] of Object.entries(results)) {
    if (value?.failed) out.push(`${name} failed: ${value.failed}`);
  }
  const saves = results.saves;
  if (saves?.saveToFirstResponse) {
    const r = saves.saveToFirstResponse;
    out.push(
      `Save → first response of the new code: p50 ${ms(r.p50)} ms, p90 ${ms(r.p90)} ms over ${r.samples} saves` +
        ` (save → rebuilt and warm: p50 ${ms(saves.saveToBuilt.p50)} ms,` +
        ` of which esbuild p50 ${ms(saves.esbuildRebuild?.p50)} ms)`,
    );
  }
  const memory = results.runnerMemory;
  if (memory?.functions) {
    out.push(
      `Runner memory, ${memory.functions} warm functions: runner ${memory.runnerRssMB} MB RSS (${memory.runnerPssMB} MB PSS), ` +
        `${memory.environments} environments ${memory.environmentsRssMB} MB RSS (${memory.environmentsPssMB} MB PSS), ` +
        `esbuild ${memory.esbuildPssMB} MB PSS; ${memory.totalPssMB} MB PSS in all`,
    );
  }
  const cpu = results.hops?.cpuPerInvocation;
  if (cpu?.tether) {
    out.push('', 'CPU time per 1 KB invocation, by process (ms)');
    const kinds = [
      ...new Set([...Object.keys(cpu.tether), ...Object.keys(cpu.plain)]),
    ];
    const total = (m) => Object.values(m).reduce((a, b) => a + b, 0);
    const rows = kinds.map((k) => [k, '', ms(cpu.tether[k]), ms(cpu.plain[k])]);
    rows.push(['all', '', ms(total(cpu.tether)), ms(total(cpu.plain))]);
    out.push(table(['process', '', 'Tether warm', 'plain'], rows));
  }
  const traced = results.hops?.traceId;
  const streams = results.hops?.logStream;
  if (traced?.traced && streams?.traced) {
    out.push(
      '',
      "Tether warm, 1 KB, against a stub that sets Lambda's per-invocation " +
        '_X_AMZN_TRACE_ID and per-environment AWS_LAMBDA_LOG_STREAM_NAME:',
      `  1 caller: p50 ${ms(traced.traced.p50)} ms against ${ms(traced.tether.p50)} ms` +
        ` (${traced.traced.samples} and ${traced.tether.samples} calls)`,
      `  4 callers: p50 ${ms(streams.traced.p50)} ms against ${ms(streams.tether.p50)} ms;` +
        ` ${streams.traced.throughput.toFixed(0)} against ${streams.tether.throughput.toFixed(0)} invocations/s`,
    );
  }
  if (results.hops?.['1KB'])
    out.push(
      '',
      'Where a warm Tether invocation spends its time (ms)',
      formatHops(results.hops),
    );
  return out.join('\n');
}

/** Writes the results as JSON, creating the folder. */
export async function writeResults(file, results) {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
}
