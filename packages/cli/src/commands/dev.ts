import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { LiveManifest, RunnerEvent } from '@tether/runner';
import { startRunner } from '@tether/runner';
import { CliError, EXIT_CODES, type ExitCode } from '../errors.js';
import { type CdkApp, findCdkApp } from '../internal/cdk-app.js';
import { CleanupStack } from '../internal/cleanup-stack.js';
import {
  assertStageFree,
  type SessionFunction,
  writeSession,
} from '../internal/session-file.js';
import type { ResolvedOptions } from '../options.js';
import { buildOutputs, writeOutputsFile } from '../outputs-file.js';
import type { HeaderFunction } from '../render/format-header.js';
import type { DeployedApp, Target } from '../targets/target.js';
import {
  type CommandContext,
  checkInterrupted,
  whenAborted,
} from './context.js';
import { prepareApp } from './prepare-app.js';

const VERSION_HINT =
  'use the same version of @tether/debug-stack as of the tether CLI';
const CONNECT_HINT =
  'run with --verbose to see the protocol; ' +
  'check that the debug stack is deployed';

interface Started {
  app: CdkApp;
  manifest: LiveManifest;
  deployed: DeployedApp;
  target: Target;
}

async function deployLive(
  options: ResolvedOptions,
  context: CommandContext,
  cleanup: CleanupStack,
): Promise<Started> {
  const prepared = await prepareApp(options, context, cleanup, true);
  const { app, target, synthesized } = prepared;
  cleanup.defer(`${target.kind} target`, () => target.stop());
  const deployed = await context.reporter.step(
    target.kind === 'local'
      ? 'Starting the app on local-cloud'
      : `Deploying stage ${options.stage} to AWS`,
    () => target.deploy(synthesized),
  );
  checkInterrupted(context.signal);
  const manifest = synthesized.manifest as LiveManifest;
  return { app, manifest, deployed, target };
}

function sourceOf(app: CdkApp, fn: LiveManifest['functions'][number]) {
  const where =
    fn.source.kind === 'entry' ? fn.source.entry : fn.source.directory;
  const relative = path.relative(app.directory, where);
  return relative.startsWith('..') ? where : relative;
}

function sessionFunctions(started: Started): SessionFunction[] {
  const names = new Map(
    started.deployed.functions.map((fn) => [fn.constructPath, fn.name]),
  );
  return started.manifest.functions.map((fn) => ({
    id: fn.id,
    constructPath: fn.constructPath ?? fn.id,
    stack: fn.stack ?? '',
    logicalId: fn.logicalId ?? '',
    name: names.get(fn.constructPath ?? fn.id),
    live: true,
  }));
}

async function connectRunner(
  options: ResolvedOptions,
  context: CommandContext,
  started: Started,
  onEvent: (event: RunnerEvent) => void,
) {
  const relayUrl = started.deployed.relayUrl;
  if (relayUrl === undefined) {
    throw new CliError(
      'RELAY_URL_MISSING',
      'the debug stack has no relay URL output',
      {
        hint: VERSION_HINT,
      },
    );
  }
  try {
    return await context.reporter.step(
      'Connecting the runner to the relay',
      () =>
        startRunner({
          url: relayUrl,
          manifest: started.manifest,
          credentials: started.deployed.runnerCredentials,
          region: options.region,
          inspect: options.inspect,
          logger: context.reporter.logger,
          onEvent,
        }),
    );
  } catch (cause) {
    throw new CliError(
      'RUNNER_FAILED',
      `the runner could not connect to ${relayUrl}`,
      {
        hint: CONNECT_HINT,
        cause,
      },
    );
  }
}

async function announce(
  options: ResolvedOptions,
  context: CommandContext,
  started: Started,
  startedAt: number,
): Promise<() => Promise<void>> {
  const { deployed, target, app, manifest } = started;
  if (options.outputsFile !== undefined) {
    await writeOutputsFile(
      options.outputsFile,
      buildOutputs(deployed, target.kind),
    );
  }
  const removeSession = await writeSession(app.directory, {
    version: 1,
    pid: process.pid,
    target: target.kind,
    app: manifest.app,
    stage: options.stage,
    region: options.region,
    lambdaEndpoint: deployed.lambdaEndpoint,
    functions: sessionFunctions(started),
  });
  const functions: HeaderFunction[] = manifest.functions.map((fn) => ({
    id: fn.id,
    source: sourceOf(app, fn),
  }));
  context.reporter.header({
    app: manifest.app,
    stage: options.stage,
    target: target.kind,
    region: options.region,
    relayUrl: deployed.relayUrl ?? '',
    lambdaEndpoint: deployed.lambdaEndpoint,
    apis: deployed.apis,
    functions,
    readyMs: Date.now() - startedAt,
  });
  return removeSession;
}

/**
 * `tether dev`: synthesizes the app in live mode, stands it up on the
 * target, connects the runner and shows each invocation until Ctrl-C.
 *
 * @returns `OK` after a clean stop.
 * @throws {CliError} `STAGE_BUSY` when a `tether dev` already runs the
 *   stage in this app folder, or the code of the step that failed.
 */
export async function runDev(
  options: ResolvedOptions,
  context: CommandContext,
): Promise<ExitCode> {
  const startedAt = Date.now();
  const cleanup = new CleanupStack(context.reporter.logger);
  let evicted: ((reason: string) => void) | undefined;
  const eviction = new Promise<string>((resolve) => {
    evicted = resolve;
  });
  let ready = false;
  const onEvent = (event: RunnerEvent) => {
    // The first connection is the "Connecting the runner" step's own
    // outcome: a line of its own would say it twice.
    const connected =
      event.type === 'connection' && event.state === 'connected';
    if (!ready && connected) return;
    context.reporter.event(event);
    if (event.type === 'connection' && event.state === 'evicted') {
      evicted?.(event.detail ?? 'another runner registered for this stage');
    }
  };
  try {
    const { directory } = await findCdkApp(options.app, options.cwd);
    await assertStageFree(directory, options.stage);
    // A script waits for the outputs file to appear: a previous run's
    // file, with its dead URLs, must not look like this run's.
    if (options.outputsFile !== undefined) {
      await rm(options.outputsFile, { force: true });
    }
    const started = await deployLive(options, context, cleanup);
    const runner = await connectRunner(options, context, started, onEvent);
    cleanup.defer('runner', () => runner.stop());
    checkInterrupted(context.signal);
    cleanup.defer(
      'session file',
      await announce(options, context, started, startedAt),
    );
    ready = true;
    const reason = await Promise.race([
      whenAborted(context.signal).then(() => undefined),
      eviction,
    ]);
    if (reason !== undefined) {
      throw new CliError('RUNNER_EVICTED', `stopped: ${reason}`, {
        hint: 'only one tether dev runs per stage: use --stage to pick another',
      });
    }
    return EXIT_CODES.OK;
  } finally {
    context.reporter.close();
    // After Ctrl-C the stop takes a second or two: say so, or it looks hung.
    if (context.signal.aborted) {
      await context.reporter.step('Stopping', () => cleanup.unwind());
    } else {
      await cleanup.unwind();
    }
  }
}
