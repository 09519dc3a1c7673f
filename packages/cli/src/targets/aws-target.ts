import {
  StackSelectionStrategy,
  type StackSelector,
  type Toolkit,
} from '@aws-cdk/toolkit-lib';
import { CliError } from '../errors.js';
import {
  type DeployedApp,
  findRelayUrl,
  type StackOutputs,
  type SynthesizedApp,
  type Target,
} from './target.js';

/** Options of {@link createAwsTarget}. */
export interface AwsTargetOptions {
  /** The toolkit, created with the user's credentials. */
  toolkit: Toolkit;
  /** Only these stacks (construct paths); all stacks by default. */
  stacks?: string[];
  /** Also write the outputs here, as `cdk deploy --outputs-file` does. */
  outputsFile?: string | undefined;
}

const DEPLOY_HINT =
  'check your credentials (--profile, --region) ' +
  'and that the account is bootstrapped (cdk bootstrap)';

/** Selects the given stacks by construct path, or all of them. */
export function selectStacks(stacks: string[] | undefined): StackSelector {
  if (stacks === undefined || stacks.length === 0) {
    return { strategy: StackSelectionStrategy.ALL_STACKS };
  }
  return {
    strategy: StackSelectionStrategy.PATTERN_MUST_MATCH,
    patterns: stacks,
  };
}

/**
 * The AWS target: deploys the synthesized app with the CDK toolkit library
 * (change sets, as `cdk deploy` does) and reads the stacks' outputs. On
 * AWS the runner signs with the user's own credentials (the default chain,
 * or `--profile`).
 *
 * Verified only up to the AWS calls: the project's tests run on local-cloud.
 */
export function createAwsTarget(options: AwsTargetOptions): Target {
  return {
    kind: 'aws',
    async deploy(app: SynthesizedApp): Promise<DeployedApp> {
      const { toolkit } = options;
      let outputs: StackOutputs;
      try {
        const source = await toolkit.fromAssemblyDirectory(app.assemblyDir);
        const result = await toolkit.deploy(source, {
          stacks: selectStacks(options.stacks),
          outputsFile: options.outputsFile,
          concurrency: 4,
        });
        outputs = Object.fromEntries(
          result.stacks.map((stack) => [stack.stackName, stack.outputs]),
        );
      } catch (cause) {
        throw new CliError('DEPLOY_FAILED', 'deploying to AWS failed', {
          hint: DEPLOY_HINT,
          cause,
        });
      }
      return {
        outputs,
        relayUrl: findRelayUrl(app.manifest, outputs),
        apis: [],
        functions: [],
        lambdaEndpoint: undefined,
        runnerCredentials: undefined,
      };
    },
    // The stacks stay deployed: stubs keep answering (with "no runner")
    // until `tether deploy` puts real code back or `tether remove` runs.
    async stop() {},
  };
}
