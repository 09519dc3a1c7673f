import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The repository's root, from this file's folder. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');

/** The CLI's built entry point. */
export const CLI_BIN = path.join(REPO_ROOT, 'packages/cli/dist/bin.js');

/** The shared event fixtures (CI puts shared/ beside the clone). */
export const FIXTURES = path.resolve(REPO_ROOT, '../shared/fixtures/events');

const SKIPPED = new Set(['node_modules', 'cdk.out', '.tether']);

/**
 * Copies examples/http-api into `dir`, as a user's checkout would be: its
 * node_modules is the repository's (a link), and a lock file marks the
 * project root for NodejsFunction.
 */
export async function copyExample(dir: string): Promise<string> {
  const app = path.join(dir, 'http-api');
  await cp(path.join(REPO_ROOT, 'examples/http-api'), app, {
    recursive: true,
    filter: (source) => !SKIPPED.has(path.basename(source)),
  });
  await symlink(
    path.join(REPO_ROOT, 'node_modules'),
    path.join(app, 'node_modules'),
  );
  await writeFile(
    path.join(app, 'package-lock.json'),
    '{"lockfileVersion":3}\n',
  );
  return app;
}

/** A spawned CLI with its output collected. */
export interface CliProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawns the real CLI with `args` in `cwd`, its temporary files in `tmp`,
 * `env` added to this process's environment.
 */
export async function spawnCli(
  args: string[],
  cwd: string,
  tmp: string,
  env: Record<string, string> = {},
): Promise<CliProcess> {
  await mkdir(tmp, { recursive: true });
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    cwd,
    env: {
      ...process.env,
      ...env,
      TMPDIR: tmp,
      NO_COLOR: '1',
      FORCE_COLOR: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => text, exited };
}

/** Resolves with the parsed file once it exists; fails if `cli` exits. */
export async function waitForJson<T>(
  file: string,
  cli: CliProcess,
  timeoutMs: number,
): Promise<T> {
  let exited = false;
  void cli.exited.then(() => {
    exited = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`tether exited early:\n${cli.output()}`);
    try {
      return JSON.parse(await readFile(file, 'utf8')) as T;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`no ${file} after ${timeoutMs} ms:\n${cli.output()}`);
}

/** Every process below `pid`, from /proc (Linux). */
export async function descendantsOf(pid: number): Promise<number[]> {
  const { readdir } = await import('node:fs/promises');
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const next = [...parents]
      .filter(([, parent]) => frontier.includes(parent))
      .map(([child]) => child);
    found.push(...next);
    frontier = next;
  }
  return found;
}

/** True while `pid` runs (and is not a zombie). */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
