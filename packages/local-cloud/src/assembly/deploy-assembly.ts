import type { Logger } from '../logger.js';
import { SILENT_LOGGER } from '../logger.js';
import { type AssemblyDeployer, createAssemblyDeployer } from './deployer.js';
import type { AssemblyHost } from './host.js';
import type { RunningApp } from './running-app.js';

/**
 * A local cloud that can take an assembly: {@link AssemblyHost}, and
 * `manage` when the cloud should stop the app with itself (the cloud of
 * `startLocalCloud` does).
 */
export interface AssemblyCloud extends Omit<AssemblyHost, 'logger'> {
  manage?<T extends { stop(): Promise<void> }>(resource: T): T;
}

/** Options of {@link deployAssembly}. */
export interface DeployAssemblyOptions {
  /**
   * Receives one warning per resource not stood up.
   * @default a silent logger
   */
  logger?: Logger;
}

const deployers = new WeakMap<AssemblyCloud, DeployerEntry>();

interface DeployerEntry {
  deployer: AssemblyDeployer;
  host: { logger: Logger };
}

/**
 * Stands up a synthesized CDK app (the cloud assembly `cdk synth` wrote) in
 * a local cloud: Lambda functions, HTTP, REST and WebSocket APIs, DynamoDB
 * tables and S3 buckets. Deploying again into the same cloud updates what
 * changed and leaves the rest running; the cloud's `stop()` stops the app.
 *
 * @throws {AssemblyError} `ASSEMBLY_NOT_FOUND`, `ASSEMBLY_MALFORMED`,
 * `ASSET_MISSING`, `INTRINSIC_MALFORMED`, `UNRESOLVED_REFERENCE` (nothing
 * started), `DEPLOY_FAILED` (what this deploy started is stopped again).
 * @example
 * const cloud = await startLocalCloud();
 * const app = await deployAssembly(cloud, 'cdk.out');
 * const api = app.apis.find((a) => a.type === 'HTTP');
 * await fetch(`${api.url}items/1`);
 * await cloud.stop();
 */
export function deployAssembly(
  cloud: AssemblyCloud,
  assemblyDir: string,
  options: DeployAssemblyOptions = {},
): Promise<RunningApp> {
  let entry = deployers.get(cloud);
  if (!entry) {
    const host = {
      region: cloud.region,
      accountId: cloud.accountId,
      credentials: cloud.credentials,
      endpoints: cloud.endpoints,
      lambda: cloud.lambda,
      logger: SILENT_LOGGER,
    };
    const deployer = createAssemblyDeployer(host);
    cloud.manage?.(deployer);
    entry = { deployer, host };
    deployers.set(cloud, entry);
  }
  entry.host.logger = options.logger ?? SILENT_LOGGER;
  return entry.deployer.deploy(assemblyDir);
}
