import path from 'node:path';
import type { CachedCloudAssembly, Toolkit } from '@aws-cdk/toolkit-lib';
import { type CdkApp, findCdkApp } from '../internal/cdk-app.js';
import type { CleanupStack } from '../internal/cleanup-stack.js';
import { synthesizeApp } from '../internal/synth-app.js';
import type { ResolvedOptions } from '../options.js';
import type { SynthesizedApp, Target } from '../targets/target.js';
import {
  type CommandContext,
  checkInterrupted,
  makeTempDir,
} from './context.js';
import { createTarget } from './create-target.js';

/** A synthesized app with the toolkit and target that will deploy it. */
export interface PreparedApp {
  app: CdkApp;
  toolkit: Toolkit;
  target: Target;
  synthesized: SynthesizedApp;
  assembly: CachedCloudAssembly;
}

/**
 * What every command starts with: find the app, pick the target, and
 * synthesize (live mode or not) into a temporary folder, with progress.
 * What it makes is registered on `cleanup`.
 *
 * @throws {CliError} `APP_NOT_FOUND`, `SYNTH_FAILED`, `MANIFEST_MISSING`,
 *   `INTERRUPTED`.
 */
export async function prepareApp(
  options: ResolvedOptions,
  context: CommandContext,
  cleanup: CleanupStack,
  live: boolean,
): Promise<PreparedApp> {
  const { reporter, signal } = context;
  const app = await findCdkApp(options.app, options.cwd);
  const outdir = path.join(await makeTempDir(cleanup), 'cdk.out');
  const { toolkit, target } = await createTarget(options, reporter.logger);
  const label = `Synthesizing ${app.name}${live ? ' in live mode' : ''}`;
  const { synthesized, assembly } = await reporter.step(label, () =>
    synthesizeApp({ toolkit, app, options, live, outdir, signal }),
  );
  cleanup.defer('cloud assembly', () => assembly.dispose());
  checkInterrupted(signal);
  return { app, toolkit, target, synthesized, assembly };
}
