import type { RunnerEvent } from './events.js';
import { Connection, type ConnectionState } from './internal/connection.js';
import { Dispatcher, type InvocationReport } from './internal/dispatcher.js';
import type { BuildOutcome } from './internal/function-build.js';
import { LiveFunctions } from './internal/live-functions.js';
import { createPayloadIo } from './internal/payload-io.js';
import {
  type ResolvedOptions,
  type RunnerOptions,
  resolveOptions,
} from './options.js';

/** A running runner. */
export interface Runner {
  /** The runner's UUID, the same on every connection it registers. */
  readonly id: string;
  /** The relay's id of the current connection, while connected. */
  readonly connectionId: string | undefined;
  /**
   * Resolves when the runner has stopped: after {@link Runner.stop}, or
   * after another runner evicted it.
   */
  readonly stopped: Promise<void>;
  /** The execution environments alive now, over all functions. */
  environmentCount(): number;
  /** Closes the connection, ends the environments and the builds. */
  stop(): Promise<void>;
}

function reportInvocation(
  emit: (event: RunnerEvent) => void,
  report: InvocationReport,
): void {
  const { outcome } = report;
  emit({
    type: 'invocation',
    function: report.functionId,
    requestId: report.requestId,
    trigger: report.trigger,
    status: outcome.status,
    durationMs: report.durationMs,
    overheadMs: report.overheadMs,
    ...(outcome.status === 'ok' ? {} : { error: outcome.error }),
  });
}

function reportBuild(
  emit: (event: RunnerEvent) => void,
  functionId: string,
  outcome: BuildOutcome,
): void {
  emit({
    type: 'build',
    function: functionId,
    durationMs: outcome.durationMs,
    ...(outcome.ok ? {} : { error: outcome.message }),
  });
}

function createEmitter(options: ResolvedOptions) {
  return (event: RunnerEvent): void => {
    try {
      options.onEvent(event);
    } catch (error) {
      options.logger.error('onEvent threw', error);
    }
  };
}

function createFunctions(
  options: ResolvedOptions,
  emit: (event: RunnerEvent) => void,
) {
  return new LiveFunctions({
    manifest: options.manifest,
    inspect: options.inspect,
    freshEnvironmentPerInvocation: options.freshEnvironmentPerInvocation,
    environment: options.environment,
    logger: options.logger,
    onBuild: (functionId, outcome) => reportBuild(emit, functionId, outcome),
    onOutput: (functionId, requestId, stream, text) =>
      emit({ type: 'output', function: functionId, requestId, stream, text }),
  });
}

function createConnection(
  options: ResolvedOptions,
  dispatcher: Dispatcher,
  onState: (state: ConnectionState, detail?: string) => void,
) {
  const { manifest } = options;
  const connection: Connection = new Connection({
    url: options.url,
    signer: { credentials: options.credentials, region: options.region },
    register: {
      action: 'register',
      v: 1,
      app: manifest.app,
      stage: manifest.stage,
      runner: options.runnerId,
      functions: manifest.functions.map((fn) => fn.id),
    },
    registerTimeoutMs: options.registerTimeoutMs,
    pingIntervalMs: options.pingIntervalMs,
    replaceAfterMs: options.replaceAfterMs,
    handoverGraceMs: options.handoverGraceMs,
    clockJumpMs: options.clockJumpMs,
    clocks: options.clocks,
    backoff: {
      initialMs: options.reconnectInitialMs,
      maxMs: options.reconnectMaxMs,
    },
    logger: options.logger,
    onMessage: (message) => {
      if (message.action === 'evicted') {
        connection.evict(`taken over by runner ${String(message.by)}`);
      } else if (message.action === 'fault' && message.code === 'EVICTED') {
        connection.evict(String(message.message));
      } else dispatcher.handle(message);
    },
    onState,
    onReady: () => dispatcher.flush(),
  });
  return connection;
}

function createLifecycle(end: () => Promise<void>) {
  let stopping: Promise<void> | undefined;
  let markStopped = (): void => {};
  const stopped = new Promise<void>((resolve) => {
    markStopped = resolve;
  });
  const stop = (): Promise<void> => {
    stopping ??= end().finally(markStopped);
    return stopping;
  };
  return { stop, stopped };
}

async function startParts(
  connection: Connection,
  functions: LiveFunctions,
  stop: () => Promise<void>,
): Promise<void> {
  const prepared = functions.prepare();
  try {
    await Promise.all([connection.start(), prepared]);
  } catch (error) {
    await prepared.catch(() => undefined);
    await stop();
    throw error;
  }
}

/**
 * Connects to the relay, registers as the stage's runner, and runs each
 * invocation of the manifest's functions from local source until stopped
 * or evicted. Resolves once the first registration is accepted and the
 * functions' first builds are done (a failed build is reported as an
 * event and as the error of the function's invocations, not thrown).
 *
 * @throws {RunnerError} `INVALID_OPTIONS`, `INVALID_MANIFEST`,
 * `CONNECT_FAILED`, `REGISTER_FAILED` or `EVICTED`.
 * @example
 * ```ts
 * const runner = await startRunner({
 *   url: 'wss://abc123.execute-api.eu-west-1.amazonaws.com/dev',
 *   manifest: JSON.parse(await readFile('cdk.out/tether.live.json', 'utf8')),
 *   onEvent: (event) => console.log(event),
 * });
 * await runner.stopped;
 * ```
 */
export async function startRunner(options: RunnerOptions): Promise<Runner> {
  const resolved = resolveOptions(options);
  const emit = createEmitter(resolved);
  const functions = createFunctions(resolved, emit);
  let connection: Connection | undefined;
  const dispatcher = new Dispatcher({
    host: functions,
    payloads: createPayloadIo(resolved.logger),
    send: async (message) => (await connection?.send(message)) ?? false,
    heartbeatMs: resolved.heartbeatMs,
    retentionMs: resolved.answerRetentionMs,
    logger: resolved.logger,
    onInvocation: (report) => reportInvocation(emit, report),
  });
  let why = 'stopped';
  const { stop, stopped } = createLifecycle(async () => {
    // Stubs of running invocations hear of it now, before the close.
    await dispatcher.abandon(why);
    connection?.stop();
    dispatcher.stop();
    await functions.stop();
  });
  const link = createConnection(resolved, dispatcher, (state, detail) => {
    emit({ type: 'connection', state, ...(detail ? { detail } : {}) });
    if (state !== 'evicted') return;
    why = 'was evicted by another runner';
    void stop();
  });
  connection = link;
  await startParts(link, functions, stop);
  return {
    id: resolved.runnerId,
    get connectionId() {
      return link.connectionId;
    },
    stopped,
    environmentCount: () => functions.environmentCount(),
    stop,
  };
}
