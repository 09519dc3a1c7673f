import path from 'node:path';
import { createEnvironmentPool } from '../environment/create-environment-pool.js';
import { resolveHandler } from '../environment/resolve-handler.js';
import type {
  EnvironmentPool,
  HandlerCode,
  InspectOptions,
  InvocationContext,
} from '../environment/types.js';
import { RunnerError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { LiveFunction, LiveManifest } from '../manifest.js';
import { bundleFileFor } from './build-location.js';
import { type BuildOutcome, FunctionBuild } from './function-build.js';
import type {
  FunctionHost,
  HostOutcome,
  InvocationRequest,
} from './invocation-types.js';
import {
  invocationVariablesOf,
  type LocalCode,
  restartSignature,
  toLocalEnvironment,
  traceIdOf,
} from './local-environment.js';

/** What the live functions need, resolved. */
export interface LiveFunctionsOptions {
  manifest: LiveManifest;
  inspect: boolean | InspectOptions;
  /** A new environment for each invocation, ended after it answers. */
  freshEnvironmentPerInvocation: boolean;
  /** The user's variables by function id or `'*'` (they win). */
  environment: Readonly<Record<string, Readonly<Record<string, string>>>>;
  logger: Logger;
  onBuild(functionId: string, outcome: BuildOutcome): void;
  onOutput(
    functionId: string,
    requestId: string,
    stream: 'stdout' | 'stderr',
    text: string,
  ): void;
}

interface LiveEntry {
  spec: LiveFunction;
  code: HandlerCode | undefined;
  build: FunctionBuild | undefined;
  pool: EnvironmentPool | undefined;
  /** The local environment the pool runs with. */
  env: Record<string, string> | undefined;
  local: LocalCode;
}

function sameEnv(a: Record<string, string>, b: Record<string, string>) {
  return sameRecord(restartSignature(a), restartSignature(b));
}

function sameRecord(a: Record<string, string>, b: Record<string, string>) {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => a[key] === b[key]);
}

const unknownFunction = (id: string): HostOutcome => ({
  status: 'error',
  error: {
    errorType: 'Tether.UnknownFunction',
    errorMessage: `function ${id} is not in the runner's live manifest`,
  },
});

function resolveAssetCode(
  id: string,
  directory: string,
  handler: string,
): HandlerCode {
  try {
    return resolveHandler(directory, handler);
  } catch (cause) {
    const message = `function ${id}: bad handler ${handler}`;
    throw new RunnerError('INVALID_MANIFEST', message, { cause });
  }
}

function newEntry(
  spec: LiveFunction,
  code: HandlerCode,
  local: LocalCode,
): LiveEntry {
  const none = { build: undefined, pool: undefined, env: undefined };
  return { spec, code, local, ...none };
}

/**
 * The manifest's functions: each with its build (for an `entry` source)
 * and its pool of execution environments, made on first use. A rebuild
 * reloads the pool, so the next invocation runs the new code.
 */
export class LiveFunctions implements FunctionHost {
  private readonly entries = new Map<string, LiveEntry>();
  /** Pools of one invocation each (`freshEnvironmentPerInvocation`). */
  private readonly fresh = new Set<EnvironmentPool>();

  constructor(private readonly options: LiveFunctionsOptions) {
    for (const spec of options.manifest.functions) {
      this.entries.set(spec.id, this.createEntry(spec));
    }
  }

  timeoutOf(functionId: string): number | undefined {
    const spec = this.entries.get(functionId)?.spec;
    return spec ? spec.timeout * 1000 : undefined;
  }

  async invoke(request: InvocationRequest): Promise<HostOutcome> {
    const entry = this.entries.get(request.functionId);
    if (!entry) return unknownFunction(request.functionId);
    const built = await entry.build?.current();
    if (built && !built.ok) {
      const errorMessage = built.message;
      return {
        status: 'error',
        error: { errorType: 'Tether.BuildError', errorMessage },
      };
    }
    const outcome = await this.run(entry, request);
    if (outcome.ok) return { status: 'ok', result: outcome.result };
    return { status: outcome.status, error: outcome.error };
  }

  private async run(entry: LiveEntry, request: InvocationRequest) {
    const env = this.localEnvironment(entry, request.env);
    const context = {
      ...(request.context as InvocationContext),
      traceId: traceIdOf(request.env),
      // Each stub environment has its own log stream and credentials.
      variables: invocationVariablesOf(env),
    };
    if (!this.options.freshEnvironmentPerInvocation) {
      return this.poolFor(entry, env).invoke(request.event, context);
    }
    const pool = this.createPool(entry, env);
    this.fresh.add(pool);
    try {
      return await pool.invoke(request.event, context);
    } finally {
      // The environment ends after answering, off the invocation's path.
      void pool.stop().finally(() => this.fresh.delete(pool));
    }
  }

  // The forwarded environment with Lambda's machine paths replaced by
  // this machine's (src/internal/local-environment.ts has the table).
  private localEnvironment(
    entry: LiveEntry,
    forwarded: Record<string, string>,
  ): Record<string, string> {
    const { environment } = this.options;
    return toLocalEnvironment({
      forwarded,
      runner: process.env,
      code: entry.local,
      overrides: { ...environment['*'], ...environment[entry.spec.id] },
    });
  }

  /** Builds every `entry` function now, so the first invocation is warm. */
  async prepare(): Promise<void> {
    const builds = [...this.entries.values()].map((entry) =>
      entry.build?.current(),
    );
    await Promise.all(builds);
  }

  /** The environments alive now, over all functions. */
  environmentCount(): number {
    let count = 0;
    for (const entry of this.entries.values()) {
      count += entry.pool?.environments().length ?? 0;
    }
    return count;
  }

  async stop(): Promise<void> {
    const entries = [...this.entries.values()];
    await Promise.all([
      ...entries.map(async (entry) => {
        await entry.build?.dispose();
        await entry.pool?.stop();
      }),
      ...[...this.fresh].map((pool) => pool.stop()),
    ]);
  }

  private createEntry(spec: LiveFunction): LiveEntry {
    const { source } = spec;
    if (source.kind === 'asset') {
      const code = resolveAssetCode(spec.id, source.directory, source.handler);
      const local = { taskRoot: source.directory, handler: source.handler };
      return newEntry(spec, code, local);
    }
    const outfile = bundleFileFor(source.entry, spec.id);
    const entry = newEntry(
      spec,
      { file: outfile, exportName: source.handler },
      {
        taskRoot: path.dirname(outfile),
        handler: `${path.basename(outfile, '.js')}.${source.handler}`,
      },
    );
    entry.build = this.createBuild(entry, source.entry, outfile);
    return entry;
  }

  private createBuild(
    entry: LiveEntry,
    sourceFile: string,
    outfile: string,
  ): FunctionBuild {
    return new FunctionBuild({
      entry: sourceFile,
      outfile,
      logger: this.options.logger,
      onBuilt: async (outcome) => {
        const recovered = outcome.ok && outcome.recovered;
        if (!outcome.changed && !recovered) return;
        if (outcome.ok && outcome.changed && entry.pool) {
          await this.reloadWarm(entry.pool);
        }
        this.options.onBuild(entry.spec.id, outcome);
      },
    });
  }

  // One environment with the new code starts at once, so the invocation
  // after a save finds it warm; more start as invocations need them.
  private async reloadWarm(pool: EnvironmentPool): Promise<void> {
    pool.reload();
    await pool.warm(1).catch((error: unknown) => {
      this.options.logger.debug('could not warm an environment', error);
    });
  }

  private poolFor(
    entry: LiveEntry,
    env: Record<string, string>,
  ): EnvironmentPool {
    if (entry.pool && entry.env && sameEnv(entry.env, env)) return entry.pool;
    entry.env = env;
    if (entry.pool) {
      // The forwarded environment changed (an edited variable): the
      // environments restart with it. Log stream and credentials are
      // left out of the comparison: each invocation sets its own.
      entry.pool.reload({ environment: env });
      return entry.pool;
    }
    entry.pool = this.createPool(entry, env);
    return entry.pool;
  }

  private createPool(
    entry: LiveEntry,
    env: Record<string, string>,
  ): EnvironmentPool {
    const { spec, code } = entry;
    return createEnvironmentPool({
      functionName: spec.id,
      code: code as HandlerCode,
      environment: env,
      // As on Lambda, the working directory is LAMBDA_TASK_ROOT.
      cwd: entry.local.taskRoot,
      timeout: spec.timeout,
      memorySize: spec.memorySize,
      inspect: this.options.inspect,
      logger: this.options.logger,
      onOutput: (output) =>
        this.options.onOutput(
          spec.id,
          output.requestId ?? '',
          output.stream,
          output.text,
        ),
    });
  }
}
