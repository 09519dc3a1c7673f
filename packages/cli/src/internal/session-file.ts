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

/** Writes the session file; returns a function that removes it. */
export async function writeSession(
  appDirectory: string,
  session: Session,
): Promise<() => Promise<void>> {
  const file = sessionPath(appDirectory, session.stage);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(session, null, 2)}\n`);
  return () => rm(file, { force: true });
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
  let session: Session;
  try {
    session = JSON.parse(await readFile(file, 'utf8')) as Session;
  } catch {
    throw missing;
  }
  if (session.version !== 1 || !isAlive(session.pid)) throw missing;
  return session;
}
