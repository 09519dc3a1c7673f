import { startLocalCloud } from '@tether/local-cloud';
import { CliError } from '../errors.js';
import type { Logger } from '../render/reporter.js';
import {
  type DeployedApp,
  findRelayUrl,
  type RunnerCredentials,
  type SynthesizedApp,
  type Target,
} from './target.js';

/** Options of {@link createLocalTarget}. */
export interface LocalTargetOptions {
  region: string;
  /** Keep local data (tables, buckets) in this folder across runs. */
  persistDir: string | undefined;
  /** First port to listen on; 0 picks free ports. */
  port: number;
  logger: Logger;
}

/** The account id local-cloud pretends to be. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** The one key pair local-cloud accepts; the runner signs with it too. */
export const LOCAL_CREDENTIALS: RunnerCredentials = Object.freeze({
  accessKeyId: 'TETHERLOCAL',
  secretAccessKey: 'tether-local-secret',
});

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
          port: options.port,
          logger: options.logger,
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
