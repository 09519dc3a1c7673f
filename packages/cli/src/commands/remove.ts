import { StackSelectionStrategy } from '@aws-cdk/toolkit-lib';
import { CliError, EXIT_CODES, type ExitCode } from '../errors.js';
import { CleanupStack } from '../internal/cleanup-stack.js';
import type { ResolvedOptions } from '../options.js';
import type { CommandContext } from './context.js';
import { requireAws } from './deploy.js';
import { prepareApp } from './prepare-app.js';

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
    const { toolkit, synthesized, assembly } = await prepareApp(
      options,
      context,
      cleanup,
      true,
    );
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
