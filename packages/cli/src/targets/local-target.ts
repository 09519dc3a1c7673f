import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CliError } from '../errors.js';
import type { Logger } from '../render/reporter.js';
import type {
  HostError,
  HostReply,
  HostRequest,
} from './local-cloud-protocol.js';
import { LOCAL_ACCOUNT_ID, localCredentials } from './local-credentials.js';
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
  /** The Lambda Invoke endpoint's port; 0 picks a free one. */
  port: number;
  logger: Logger;
}

const HOST = fileURLToPath(new URL('./local-cloud-host.js', import.meta.url));

/** How long local-cloud may take to stop before it is killed. */
const STOP_LIMIT_MS = 3500;

type Outcome<T extends HostReply['type']> = Extract<HostReply, { type: T }>;

function toError(error: HostError): Error {
  return Object.assign(new Error(error.message), error);
}

/** Sends `request`, resolves with the first reply of type `want`. */
function ask<T extends HostReply['type']>(
  host: ChildProcess,
  request: HostRequest,
  want: T,
): Promise<Outcome<T>> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: HostReply) => {
      if (reply.type === 'failed') finish(() => reject(toError(reply.error)));
      if (reply.type === want) finish(() => resolve(reply as Outcome<T>));
    };
    const onExit = (code: number | null) =>
      finish(() => reject(new Error(`local-cloud exited (code ${code})`)));
    const finish = (settle: () => void) => {
      host.off('message', onMessage);
      host.off('exit', onExit);
      settle();
    };
    host.on('message', onMessage);
    host.once('exit', onExit);
    host.send(request);
  });
}

function startHost(logger: Logger): ChildProcess {
  const host = fork(HOST, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  host.on('message', (reply: HostReply) => {
    if (reply.type === 'log') logger[reply.level](reply.text);
  });
  // Only a crash writes here: keep it for --verbose.
  host.stderr?.on('data', (chunk: Buffer) =>
    logger.debug(`[local-cloud] ${chunk.toString().trimEnd()}`),
  );
  return host;
}

function whenExited(host: ChildProcess, ms: number): Promise<void> {
  if (host.exitCode !== null || host.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      host.kill('SIGKILL');
      resolve();
    }, ms);
    host.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * The local target: local-cloud, in a process of its own, stands the
 * synthesized app up on this machine (APIs, functions running the real
 * stub, DynamoDB, S3, the relay).
 */
export function createLocalTarget(options: LocalTargetOptions): Target {
  let host: ChildProcess | undefined;
  return {
    kind: 'local',
    async deploy(app: SynthesizedApp): Promise<DeployedApp> {
      host ??= startHost(options.logger);
      try {
        const deployed = await ask(
          host,
          {
            type: 'deploy',
            assemblyDir: app.assemblyDir,
            region: options.region,
            accountId: LOCAL_ACCOUNT_ID,
            credentials: localCredentials(),
            persistDir: options.persistDir,
            port: options.port,
          },
          'deployed',
        );
        for (const warning of deployed.warnings) options.logger.warn(warning);
        return {
          outputs: deployed.outputs,
          relayUrl: findRelayUrl(app.manifest, deployed.outputs),
          apis: deployed.apis,
          functions: deployed.functions,
          lambdaEndpoint: deployed.lambdaEndpoint,
          runnerCredentials: localCredentials(),
        };
      } catch (cause) {
        throw new CliError(
          'DEPLOY_FAILED',
          'local-cloud could not start the app',
          { hint: 'run with --verbose to see which resource failed', cause },
        );
      }
    },
    async stop() {
      const running = host;
      host = undefined;
      if (running === undefined) return;
      // The host stops local-cloud, says so, and exits: waiting for its
      // exit covers all of it, within a limit.
      if (running.connected) running.send({ type: 'stop' } as HostRequest);
      await whenExited(running, STOP_LIMIT_MS);
    },
  };
}
