import path from 'node:path';
import { StackSelectionStrategy } from '@aws-cdk/toolkit-lib';
import { CliError, EXIT_CODES, type ExitCode } from '../errors.js';
import { findCdkApp } from '../internal/cdk-app.js';
import { CleanupStack } from '../internal/cleanup-stack.js';
import { synthesizeApp } from '../internal/synth-app.js';
import type { ResolvedOptions } from '../options.js';
import {
  type CommandContext,
  checkInterrupted,
  makeTempDir,
} from './context.js';
import { createTarget } from './create-target.js';
import { requireAws } from './deploy.js';

const REMOVE_HINT =
  'check your credentials (--profile, --region) ' +
  'and the stack in the CloudFormation console';

/**
 * `tether remove`: deletes the stage's debug stack (relay, table, bucket)
 * from AWS. The app's own stacks stay; `tether deploy` first if they still
 * hold stubs.
 *
 * @throws {CliError} `SYNTH_FAILED`, `REMOVE_FAILED`, `USAGE` with --local.
 */
export async function runRemove(
  options: ResolvedOptions,
  context: CommandContext,
): Promise<ExitCode> {
  requireAws(options, 'remove');
  const { reporter } = context;
  const cleanup = new CleanupStack(reporter.logger);
  try {
    const app = await findCdkApp(options.app, options.cwd);
    const outdir = path.join(await makeTempDir(cleanup), 'cdk.out');
    const { toolkit } = await createTarget(options, reporter.logger);
    const { synthesized, assembly } = await reporter.step(
      `Synthesizing ${app.name} in live mode`,
      () =>
        synthesizeApp({
          toolkit,
          app,
          options,
          live: true,
          outdir,
          signal: context.signal,
        }),
    );
    cleanup.defer('cloud assembly', () => assembly.dispose());
    checkInterrupted(context.signal);
    const stackName = synthesized.manifest?.relay?.stack ?? '';
    const stack = assembly.cloudAssembly.stacksRecursively.find(
      (candidate) => candidate.stackName === stackName,
    );
    if (stack === undefined) {
      throw new CliError(
        'REMOVE_FAILED',
        `no debug stack for stage ${options.stage}`,
        {
          hint: 'check --stage; the debug stack is named after it',
        },
      );
    }
    await reporter.step(`Removing ${stackName}`, async () => {
      try {
        await toolkit.destroy(assembly, {
          stacks: {
            strategy: StackSelectionStrategy.PATTERN_MUST_MATCH_SINGLE,
            patterns: [stack.hierarchicalId],
          },
        });
      } catch (cause) {
        throw new CliError('REMOVE_FAILED', `removing ${stackName} failed`, {
          hint: REMOVE_HINT,
          cause,
        });
      }
    });
    return EXIT_CODES.OK;
  } finally {
    await cleanup.unwind();
  }
}
