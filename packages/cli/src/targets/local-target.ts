import { startLocalCloud } from '@tether/local-cloud';
import { CliError } from '../errors.js';
import type { Logger } from '../render/reporter.js';
import { LOCAL_ACCOUNT_ID, LOCAL_CREDENTIALS } from './local-credentials.js';
import {
  type DeployedApp,
  findRelayUrl,
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
          credentials: LOCAL_CREDENTIALS,
          persistDir: options.persistDir,
          logger: options.logger,
          // The stubs' own output: protocol detail, for --verbose only.
          onOutput: (output) =>
            options.logger.debug(
              `[${output.functionName}] ${output.text.trimEnd()}`,
            ),
        });
        const running = await cloud.deployAssembly(app.assemblyDir);
        return {
          outputs: running.outputs,
          relayUrl: findRelayUrl(app.manifest, running.outputs),
          apis: running.apis,
          functions: running.functions,
          lambdaEndpoint: cloud.endpoints.lambda,
          runnerCredentials: LOCAL_CREDENTIALS,
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
