import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from '../errors.js';

/** A CDK app: the folder it runs in and the command that synthesizes it. */
export interface CdkApp {
  /** Absolute folder: the app command's working directory. */
  directory: string;
  /** The `app` command, as in cdk.json. */
  command: string;
  /** A short name for the header: the folder's name. */
  name: string;
}

async function isDirectory(candidate: string): Promise<boolean> {
  try {
    return (await stat(candidate)).isDirectory();
  } catch {
    return false;
  }
}

async function readAppCommand(directory: string): Promise<string> {
  const file = path.join(directory, 'cdk.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new CliError('APP_NOT_FOUND', `no cdk.json in ${directory}`, {
      hint: 'run tether in your CDK app folder, or pass --app <folder>',
      cause,
    });
  }
  let config: { app?: unknown };
  try {
    config = JSON.parse(text) as { app?: unknown };
  } catch (cause) {
    throw new CliError('APP_NOT_FOUND', `${file} is not valid JSON`, {
      hint: 'fix the JSON syntax of cdk.json',
      cause,
    });
  }
  if (typeof config.app !== 'string' || config.app.trim() === '') {
    throw new CliError('APP_NOT_FOUND', `${file} has no "app" command`, {
      hint: 'add "app": "<command that synthesizes the app>" to cdk.json',
    });
  }
  return config.app;
}

/**
 * Finds the CDK app to work on. `--app` may name the app's folder (its
 * cdk.json gives the command) or be the app command itself (run in `cwd`,
 * as `cdk --app` does); without it, `cwd` is the app's folder.
 *
 * @throws {CliError} `APP_NOT_FOUND` without a usable cdk.json.
 */
export async function findCdkApp(
  app: string | undefined,
  cwd: string,
): Promise<CdkApp> {
  const folder = path.resolve(cwd, app ?? '.');
  if (app === undefined || (await isDirectory(folder))) {
    return {
      directory: folder,
      command: await readAppCommand(folder),
      name: path.basename(folder),
    };
  }
  return { directory: cwd, command: app, name: path.basename(cwd) };
}
