import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from '../errors.js';

/** A function as `tether invoke` finds it. */
export interface SessionFunction {
  id: string;
  constructPath: string;
  stack: string;
  logicalId: string;
  /** Deployed name, when the target knows it (local-cloud does). */
  name: string | undefined;
  live: boolean;
}

/**
 * What a running `tether dev` leaves in `<app>/.tether/<stage>.json` so that
 * `tether invoke` can reach the same functions. Removed on exit.
 */
export interface Session {
  version: 1;
  pid: number;
  target: 'local' | 'aws';
  app: string;
  stage: string;
  region: string;
  /** Local runs: the Lambda endpoint of local-cloud. */
  lambdaEndpoint: string | undefined;
  functions: SessionFunction[];
}

/** The session file's path for an app folder and a stage. */
export function sessionPath(appDirectory: string, stage: string): string {
  return path.join(appDirectory, '.tether', `${stage}.json`);
}

/**
 * Writes the session file; returns a function that removes it, unless
 * another process has written its own session there since.
 */
export async function writeSession(
  appDirectory: string,
  session: Session,
): Promise<() => Promise<void>> {
  const file = sessionPath(appDirectory, session.stage);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(session, null, 2)}\n`);
  return async () => {
    const current = await readSessionFile(file);
    if (current === undefined || current.pid === session.pid) {
      await rm(file, { force: true });
    }
  };
}

async function readSessionFile(file: string): Promise<Session | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Session;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Reads the session of a running `tether dev` for this app and stage.
 *
 * @throws {CliError} `NO_SESSION` when none is running.
 */
export async function readSession(
  appDirectory: string,
  stage: string,
): Promise<Session> {
  const file = sessionPath(appDirectory, stage);
  const missing = new CliError(
    'NO_SESSION',
    `no tether dev is running for stage ${stage} in ${appDirectory}`,
    { hint: `start \`tether dev --stage ${stage}\` in another terminal first` },
  );
  const session = await readSessionFile(file);
  if (session === undefined) throw missing;
  if (session.version !== 1 || !isAlive(session.pid)) throw missing;
  return session;
}

/**
 * Refuses to start a second `tether dev` for an app folder and stage while
 * one runs: it would take over the session file, and `tether invoke` would
 * lose the first.
 *
 * @throws {CliError} `STAGE_BUSY` when a live process holds the session.
 */
export async function assertStageFree(
  appDirectory: string,
  stage: string,
): Promise<void> {
  const file = sessionPath(appDirectory, stage);
  const session = await readSessionFile(file);
  if (session === undefined || session.pid === process.pid) return;
  if (!isAlive(session.pid)) return;
  throw new CliError(
    'STAGE_BUSY',
    `tether dev already runs stage ${stage} in ${appDirectory} ` +
      `(pid ${session.pid})`,
    {
      hint:
        'stop it first (Ctrl-C in its terminal), or run this one with ' +
        `--stage <another name>; if pid ${session.pid} is not tether, ` +
        `delete ${file}`,
    },
  );
}
