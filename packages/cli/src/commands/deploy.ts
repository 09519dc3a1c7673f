import { CliError, EXIT_CODES, type ExitCode } from '../errors.js';
import { CleanupStack } from '../internal/cleanup-stack.js';
import type { ResolvedOptions } from '../options.js';
import type { CommandContext } from './context.js';
import { prepareApp } from './prepare-app.js';

const LOCAL_HINT =
  'local-cloud keeps nothing deployed: ' +
  'run `tether dev --local` to start the app locally';

/** Refuses `--local` for commands that only make sense on AWS. */
export function requireAws(options: ResolvedOptions, command: string): void {
  if (options.local) {
    throw new CliError('USAGE', `tether ${command} works on AWS only`, {
      hint: LOCAL_HINT,
    });
  }
}

/**
 * `tether deploy`: synthesizes the app with live mode off and deploys it to
 * AWS, which also puts the real code back in place of the stubs.
 *
 * @throws {CliError} `SYNTH_FAILED`, `DEPLOY_FAILED`, `USAGE` with --local.
 */
export async function runDeploy(
  options: ResolvedOptions,
  context: CommandContext,
): Promise<ExitCode> {
  requireAws(options, 'deploy');
  const { reporter } = context;
  const cleanup = new CleanupStack(reporter.logger);
  try {
    const { app, target, synthesized } = await prepareApp(
      options,
      context,
      cleanup,
      false,
    );
    const deployed = await reporter.step(`Deploying ${app.name} to AWS`, () =>
      target.deploy(synthesized),
    );
    for (const [stack, outputs] of Object.entries(deployed.outputs)) {
      for (const [key, value] of Object.entries(outputs)) {
        reporter.info(`${stack}.${key} = ${value}`);
      }
    }
    return EXIT_CODES.OK;
  } finally {
    await cleanup.unwind();
  }
}
