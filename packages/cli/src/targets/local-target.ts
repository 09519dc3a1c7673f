import { startLocalCloud } from '@tether/local-cloud';
import { CliError } from '../errors.js';
import type { Logger } from '../render/reporter.js';
import { LOCAL_ACCOUNT_ID, localCredentials } from './local-credentials.js';
import {
  type DeployedApp,
  findRelayUrl,
  type StackOutputs,
  type SynthesizedApp,
  type Target,
} from './target.js';

/** Options of {@link createLocalTarget}. */
export interface LocalTargetOptions {
  region: string;
  /** Keep local data (tables, buckets) in this folder across runs. */
  persistDir: string | undefined;
  logger: Logger;
}

// CloudFormation outputs are strings; a value that is not (an unresolved
// structure) is written as its JSON text rather than dropped.
function toStackOutputs(
  outputs: Record<string, Record<string, unknown>>,
): StackOutputs {
  return Object.fromEntries(
    Object.entries(outputs).map(([stack, values]) => [
      stack,
      Object.fromEntries(
        Object.entries(values).map(([key, value]) => [
          key,
          typeof value === 'string' ? value : JSON.stringify(value),
        ]),
      ),
    ]),
  );
}

type LocalCloud = Awaited<ReturnType<typeof startLocalCloud>>;

/**
 * The local target: local-cloud stands the synthesized app up on this
 * machine (APIs, functions running the real stub, DynamoDB, S3, the relay).
 */
export function createLocalTarget(options: LocalTargetOptions): Target {
  let cloud: LocalCloud | undefined;
  return {
    kind: 'local',
    async deploy(app: SynthesizedApp): Promise<DeployedApp> {
      try {
        cloud ??= await startLocalCloud({
          region: options.region,
          accountId: LOCAL_ACCOUNT_ID,
          credentials: localCredentials(),
          persistDir: options.persistDir,
          logger: options.logger,
          // The stubs' own output: protocol detail, for --verbose only.
          onOutput: (output) =>
            options.logger.debug(
              `[${output.functionName}] ${output.text.trimEnd()}`,
            ),
        });
        const running = await cloud.deployAssembly(app.assemblyDir);
        for (const warning of running.warnings) options.logger.warn(warning);
        const outputs = toStackOutputs(running.outputs);
        return {
          outputs,
          relayUrl: findRelayUrl(app.manifest, outputs),
          apis: running.apis,
          functions: running.functions,
          lambdaEndpoint: running.lambdaEndpoint ?? cloud.endpoints.lambda,
          runnerCredentials: localCredentials(),
        };
      } catch (cause) {
        throw new CliError(
          'DEPLOY_FAILED',
          'local-cloud could not start the app',
          {
            hint: 'run with --verbose to see which resource failed',
            cause,
          },
        );
      }
    },
    async stop() {
      const running = cloud;
      cloud = undefined;
      await running?.stop();
    },
  };
}
