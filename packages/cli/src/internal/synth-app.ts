import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CachedCloudAssembly, Toolkit } from '@aws-cdk/toolkit-lib';
import { CONTEXT_KEYS, LIVE_MANIFEST_FILE } from '@tether/debug-stack';
import { type LiveManifest, parseManifest } from '@tether/runner';
import { CliError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import { LOCAL_ACCOUNT_ID } from '../targets/local-credentials.js';
import type { SynthesizedApp } from '../targets/target.js';
import type { CdkApp } from './cdk-app.js';
import { synthesize } from './toolkit.js';

/** Lambda's maximum timeout, used by `--increase-timeout`. */
export const MAX_TIMEOUT_SECONDS = 900;

/**
 * The context that switches live mode on or off for the debug-stack
 * constructs (see @tether/debug-stack's CONTEXT_KEYS).
 */
export function liveContext(
  options: Pick<ResolvedOptions, 'stage' | 'increaseTimeout'>,
  live: boolean,
): Record<string, unknown> {
  const context: Record<string, unknown> = {
    [CONTEXT_KEYS.live]: live,
    [CONTEXT_KEYS.stage]: options.stage,
  };
  if (live && options.increaseTimeout) {
    context[CONTEXT_KEYS.timeout] = MAX_TIMEOUT_SECONDS;
  }
  return context;
}

const SETUP_HINT =
  'add `Tether.enable(app, { app: "my-app" })` ' +
  'right after `new App()` in your CDK app';

async function readManifest(directory: string): Promise<LiveManifest> {
  const file = path.join(directory, LIVE_MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new CliError('MANIFEST_MISSING', 'the app has no live functions', {
      hint: SETUP_HINT,
      cause,
    });
  }
  try {
    return parseManifest(JSON.parse(text));
  } catch (cause) {
    throw new CliError('MANIFEST_MISSING', `${file} is not valid`, {
      hint: 'use the same version of @tether/debug-stack as of the tether CLI',
      cause,
    });
  }
}

// The toolkit names the launcher as the command; the user knows their own
// command, and the app's error output (the toolkit's cause) says the rest.
function synthFailed(app: CdkApp, error: unknown): CliError {
  const message = error instanceof Error ? error.message : String(error);
  const outcome = /Subprocess (.+)$/.exec(message)?.[1];
  const cause = error instanceof Error && error.cause ? error.cause : error;
  return new CliError(
    'SYNTH_FAILED',
    outcome
      ? `synthesizing ${app.name} failed: the app command ${outcome}`
      : `synthesizing ${app.name} failed: ${message}`,
    { hint: `fix the error above; the app command is ${app.command}`, cause },
  );
}

/** Options of {@link synthesizeApp}. */
export interface SynthesizeAppOptions {
  toolkit: Toolkit;
  app: CdkApp;
  options: ResolvedOptions;
  /** Synthesize in live mode (stubs in place of functions). */
  live: boolean;
  outdir: string;
  /** Ctrl-C: stops the app command. */
  signal?: AbortSignal;
}

/**
 * Synthesizes the user's app, in live mode or not, and reads the live
 * manifest. The caller disposes `assembly` when done.
 *
 * @throws {CliError} `SYNTH_FAILED` when the app fails;
 *   `MANIFEST_MISSING` in live mode without the one-line setup.
 */
export async function synthesizeApp(
  input: SynthesizeAppOptions,
): Promise<{ synthesized: SynthesizedApp; assembly: CachedCloudAssembly }> {
  const { options } = input;
  let assembly: CachedCloudAssembly;
  try {
    assembly = await synthesize(input.toolkit, {
      directory: input.app.directory,
      command: input.app.command,
      outdir: input.outdir,
      context: liveContext(options, input.live),
      env: {
        CDK_DEFAULT_REGION: options.region,
        ...(options.local ? { CDK_DEFAULT_ACCOUNT: LOCAL_ACCOUNT_ID } : {}),
      },
      resolveAccount: !options.local,
      signal: input.signal,
    });
  } catch (error) {
    throw synthFailed(input.app, error);
  }
  const manifest = input.live
    ? await readManifest(assembly.cloudAssembly.directory).catch(
        async (error) => {
          await assembly.dispose();
          throw error;
        },
      )
    : undefined;
  return {
    synthesized: { assemblyDir: assembly.cloudAssembly.directory, manifest },
    assembly,
  };
}
