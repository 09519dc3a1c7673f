import type { Toolkit } from '@aws-cdk/toolkit-lib';
import { createToolkit } from '../internal/toolkit.js';
import type { ResolvedOptions } from '../options.js';
import type { Logger } from '../render/reporter.js';
import { createAwsTarget } from '../targets/aws-target.js';
import type { Target } from '../targets/target.js';

/**
 * The toolkit and the target the options ask for: local-cloud with
 * `--local`, AWS otherwise (credentials from `--profile` or the default
 * chain).
 */
export async function createTarget(
  options: ResolvedOptions,
  logger: Logger,
): Promise<{ toolkit: Toolkit; target: Target }> {
  if (options.local) {
    const toolkit = createToolkit(logger, undefined);
    // Loaded only here: local-cloud brings dynalite and s3rver with it.
    const { createLocalTarget } = await import('../targets/local-target.js');
    const target = createLocalTarget({
      region: options.region,
      persistDir: options.persistDir,
      port: options.port,
      logger,
    });
    return { toolkit, target };
  }
  if (options.profile !== undefined) {
    // The runner and the SDK clients read the profile from the environment.
    process.env.AWS_PROFILE = options.profile;
  }
  const toolkit = createToolkit(logger, {
    profile: options.profile,
    region: options.region,
  });
  const target = createAwsTarget({ toolkit, outputsFile: options.outputsFile });
  return { toolkit, target };
}
