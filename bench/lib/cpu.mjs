import { readdir, readFile } from 'node:fs/promises';

// Linux reports process times in clock ticks of 10 ms (USER_HZ = 100).
const TICK_MS = 10;

async function children(pid) {
  const found = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) === pid) {
      found.push({
        pid: Number(entry),
        ticks: Number(fields[11]) + Number(fields[12]),
      });
    }
  }
  return found;
}

// What an environment runs, from its environment variables: the stub's
// have TETHER_RELAY_URL, the relay's TETHER_TABLE; a runner environment
// has the stub's variables less TETHER_*.
async function kindOf(pid, names) {
  const text = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
  const vars = new Set(text.split('\0').map((v) => v.split('=')[0]));
  const name = /AWS_LAMBDA_FUNCTION_NAME=([^\0]*)/.exec(text)?.[1];
  if (vars.has('TETHER_RELAY_URL')) return 'stub environment';
  if (vars.has('TETHER_TABLE')) return 'relay environment';
  if (name === names.plain) return 'plain environment';
  if (name !== undefined) return 'runner environment';
  return 'other (esbuild, s3rver…)';
}

async function snapshot(names) {
  const usage = process.cpuUsage();
  const byPid = new Map();
  for (const child of await children(process.pid)) {
    byPid.set(child.pid, { ...child, kind: await kindOf(child.pid, names) });
  }
  return { harnessMs: (usage.user + usage.system) / 1000, byPid };
}

/**
 * CPU time per invocation, by process: `count` sequential invocations
 * with `invoke`, the CPU of this process (local-cloud, the runner, the
 * WebSocket API, the caller) and of each child process (environments)
 * read before and after from /proc.
 */
export async function cpuPerInvocation({ invoke, request, count, names }) {
  const before = await snapshot(names);
  for (let i = 0; i < count; i++) await invoke(request);
  const after = await snapshot(names);
  const perKind = {
    'harness process (local-cloud, runner, caller)':
      after.harnessMs - before.harnessMs,
  };
  for (const [pid, now] of after.byPid) {
    const was = before.byPid.get(pid)?.ticks ?? 0;
    perKind[now.kind] = (perKind[now.kind] ?? 0) + (now.ticks - was) * TICK_MS;
  }
  return Object.fromEntries(
    Object.entries(perKind).map(([kind, ms]) => [
      kind,
      Math.round((ms / count) * 100) / 100,
    ]),
  );
}
