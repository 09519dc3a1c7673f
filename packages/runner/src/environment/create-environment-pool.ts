import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { RunnerError } from '../errors.js';
import {
  applyPoolUpdate,
  type ResolvedPoolOptions,
  resolvePoolOptions,
} from './defaults.js';
import {
  ExecutionEnvironment,
  type RawOutcome,
} from './internal/execution-environment.js';
import {
  exitError,
  initTimeoutError,
  timeoutError,
} from './internal/lambda-error.js';
import type { WireContext } from './internal/messages.js';
import { nodeArguments } from './internal/node-arguments.js';
import type {
  EnvironmentPool,
  EnvironmentPoolOptions,
  EnvironmentPoolUpdate,
  EnvironmentState,
  HandlerCode,
  InvocationContext,
  InvocationOutcome,
} from './types.js';

/**
 * Creates the execution environments of one function: one child process
 * per concurrent invocation, reused warm while idle, with Lambda's
 * context, handler styles, error shapes and timeout.
 *
 * @throws {RunnerError} `INVALID_OPTIONS` for a missing or wrong option.
 * @example
 * ```ts
 * const pool = createEnvironmentPool({
 *   functionName: 'hello',
 *   code: { file: '/abs/dist/hello.js', exportName: 'handler' },
 *   environment: { TABLE: 'greetings' },
 *   timeout: 3,
 *   memorySize: 128,
 *   onOutput: ({ requestId, text }) => console.log(requestId, text),
 * });
 * const outcome = await pool.invoke({ name: 'Ada' });
 * if (outcome.ok) console.log(outcome.result);
 * else console.error(outcome.error.errorType, outcome.error.errorMessage);
 * await pool.stop();
 * ```
 */
export function createEnvironmentPool(
  options: EnvironmentPoolOptions,
): EnvironmentPool {
  return new Pool(resolvePoolOptions(options));
}

class Pool implements EnvironmentPool {
  #options: ResolvedPoolOptions;
  #generation = 0;
  #nextId = 1;
  #stopped = false;
  #starting = 0;
  readonly #all = new Set<ExecutionEnvironment>();
  readonly #idle: ExecutionEnvironment[] = [];
  readonly #warming: ExecutionEnvironment[] = [];
  readonly #idleTimers = new Map<ExecutionEnvironment, NodeJS.Timeout>();
  readonly #waiting: ((slot: boolean) => void)[] = [];
  readonly #inspectPorts = new Map<ExecutionEnvironment, number>();

  constructor(options: ResolvedPoolOptions) {
    this.#options = options;
  }

  async invoke(
    event: unknown,
    context: InvocationContext = {},
  ): Promise<InvocationOutcome> {
    for (;;) {
      const { environment, coldStart } = await this.#acquire();
      try {
        const outcome = await this.#runIn(
          environment,
          coldStart,
          event,
          context,
        );
        // An invocation cut short by stop() has no outcome of its own.
        if (this.#stopped && !outcome?.ok) throw stoppedError();
        if (outcome) return outcome;
      } finally {
        this.#release(environment);
      }
    }
  }

  reload(update: EnvironmentPoolUpdate = {}): void {
    this.#options = applyPoolUpdate(this.#options, update);
    this.#generation += 1;
    const stale = [...this.#idle.splice(0), ...this.#warming.splice(0)];
    for (const environment of stale) this.#retire(environment);
  }

  environments(): EnvironmentState[] {
    return [...this.#all].map((environment) => ({
      ...environment.info,
      state: this.#stateOf(environment),
    }));
  }

  async warm(count = 1): Promise<void> {
    if (this.#stopped) throw stoppedError();
    const started: ExecutionEnvironment[] = [];
    while (
      this.#idle.length + this.#warming.length < count &&
      this.#all.size + this.#starting < this.#options.maxEnvironments
    ) {
      const environment = await this.#spawn();
      this.#warming.push(environment);
      started.push(environment);
    }
    await Promise.all(started.map((environment) => this.#settle(environment)));
  }

  // A warmed environment that no invocation took meanwhile becomes idle.
  async #settle(environment: ExecutionEnvironment): Promise<void> {
    await environment.ready;
    const at = this.#warming.indexOf(environment);
    if (at < 0) return;
    this.#warming.splice(at, 1);
    this.#release(environment);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const wake of this.#waiting.splice(0)) wake(false);
    const exits = [...this.#all].map((environment) => environment.kill());
    for (const timer of this.#idleTimers.values()) clearTimeout(timer);
    this.#idleTimers.clear();
    this.#idle.length = 0;
    this.#warming.length = 0;
    await Promise.all(exits);
  }

  #stateOf(environment: ExecutionEnvironment): EnvironmentState['state'] {
    if (environment.dead) return 'stopping';
    if (environment.busy) return 'busy';
    return this.#idle.includes(environment) ? 'idle' : 'starting';
  }

  async #acquire(): Promise<{
    environment: ExecutionEnvironment;
    coldStart: boolean;
  }> {
    for (;;) {
      if (this.#stopped) throw stoppedError();
      const idle = this.#takeIdle();
      if (idle) return { environment: idle, coldStart: false };
      const starting = this.#warming.shift();
      if (starting) return { environment: starting, coldStart: true };
      if (this.#all.size + this.#starting < this.#options.maxEnvironments) {
        return { environment: await this.#spawn(), coldStart: true };
      }
      await new Promise<boolean>((wake) => this.#waiting.push(wake));
    }
  }

  #takeIdle(): ExecutionEnvironment | undefined {
    for (;;) {
      const environment = this.#idle.pop();
      if (!environment) return undefined;
      clearTimeout(this.#idleTimers.get(environment));
      this.#idleTimers.delete(environment);
      if (!environment.dead) return environment;
    }
  }

  async #spawn(): Promise<ExecutionEnvironment> {
    const options = this.#options;
    const generation = this.#generation;
    this.#starting += 1;
    const code = await resolveCode(options).finally(() => {
      this.#starting -= 1;
    });
    if (this.#stopped) throw stoppedError();
    const inspect = this.#inspectFor(options);
    const environment = new ExecutionEnvironment(
      {
        id: this.#nextId++,
        code,
        environment: options.environment,
        execArgv: nodeArguments(options.memorySize, inspect),
        cwd: options.cwd ?? path.dirname(code.file),
        onOutput: (output) => options.onOutput?.(output),
        logger: options.logger,
      },
      generation,
    );
    if (inspect) this.#inspectPorts.set(environment, inspect.port);
    this.#all.add(environment);
    void environment.exited.then(() => this.#forget(environment));
    return environment;
  }

  #inspectFor(options: ResolvedPoolOptions) {
    if (!options.inspect || options.inspect.port === 0) return options.inspect;
    const taken = new Set(this.#inspectPorts.values());
    let port = options.inspect.port;
    while (taken.has(port)) port += 1;
    return { host: options.inspect.host, port };
  }

  #forget(environment: ExecutionEnvironment): void {
    this.#all.delete(environment);
    this.#inspectPorts.delete(environment);
    const at = this.#idle.indexOf(environment);
    if (at >= 0) this.#idle.splice(at, 1);
    clearTimeout(this.#idleTimers.get(environment));
    this.#idleTimers.delete(environment);
    this.#options.logger.debug(`environment ${environment.id} exited`);
    this.#waiting.shift()?.(true);
  }

  #release(environment: ExecutionEnvironment): void {
    const stale = environment.generation !== this.#generation;
    if (environment.dead || stale || this.#stopped) {
      this.#retire(environment);
      return;
    }
    const waiter = this.#waiting.shift();
    this.#idle.push(environment);
    if (waiter) {
      waiter(true);
      return;
    }
    const timer = setTimeout(
      () => this.#retire(environment),
      this.#options.idleTimeout,
    );
    timer.unref();
    this.#idleTimers.set(environment, timer);
  }

  #retire(environment: ExecutionEnvironment): void {
    const at = this.#idle.indexOf(environment);
    if (at >= 0) this.#idle.splice(at, 1);
    void environment.kill();
  }

  async #runIn(
    environment: ExecutionEnvironment,
    coldStart: boolean,
    event: unknown,
    given: InvocationContext,
  ): Promise<InvocationOutcome | undefined> {
    const requestId = given.awsRequestId ?? randomUUID();
    const started = performance.now();
    const ready = await this.#bounded(environment, environment.ready, given);
    const base = {
      requestId,
      coldStart,
      environment: environment.info,
      ...(ready !== 'timeout' && 'initMs' in ready
        ? { initDurationMs: ready.initMs }
        : {}),
    };
    if (ready === 'timeout') return this.#timedOut(base, started, 'init');
    if (!('initMs' in ready)) {
      const error =
        'error' in ready
          ? ready.error
          : exitError(requestId, ready.exit.code, ready.exit.signal);
      return { ...base, ok: false, status: 'error', durationMs: 0, error };
    }
    const context = wireContext(this.#options, requestId, given);
    const running = environment.run(event, context);
    const raw = await this.#bounded(environment, running, context);
    if (raw === 'timeout') return this.#timedOut(base, started);
    // A warm environment was ending idle when the invocation reached it:
    // it runs elsewhere. A new one ending so is the invocation's error, or
    // an init that always ends so would start environments forever.
    if (!raw.ok && raw.unstarted && !coldStart) return undefined;
    return toOutcome(base, raw, environment);
  }

  // Ends the environment when the deadline passes first; without one (an
  // environment starting), Lambda's 10-second init limit and its retry
  // within the function's timeout apply (see INIT_LIMIT_MS). In
  // inspect mode nothing is ended: a handler paused at a breakpoint must
  // live on, and the deadline only informs getRemainingTimeInMillis.
  async #bounded<T>(
    environment: ExecutionEnvironment,
    work: Promise<T>,
    context: { deadline?: number },
  ): Promise<T | 'timeout'> {
    if (this.#options.inspect) return work;
    const deadline =
      context.deadline ??
      Date.now() + INIT_LIMIT_MS + this.#options.timeout * 1000;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'timeout'>((resolve) => {
      // A timer holds at most 2^31 - 1 ms (24.8 days); a longer one would
      // fire at once: a deadline further off is capped to that.
      const delay = Math.min(Math.max(0, deadline - Date.now()), MAX_TIMER_MS);
      timer = setTimeout(() => resolve('timeout'), delay);
    });
    const first = await Promise.race([work, expired]);
    clearTimeout(timer);
    if (first === 'timeout') await environment.kill();
    return first;
  }

  #timedOut(
    base: OutcomeBase,
    started: number,
    phase: 'init' | 'invoke' = 'invoke',
  ): InvocationOutcome {
    const durationMs = performance.now() - started;
    const error =
      phase === 'init'
        ? initTimeoutError(base.requestId, durationMs / 1000)
        : timeoutError(base.requestId, this.#options.timeout);
    return { ...base, ok: false, status: 'timeout', durationMs, error };
  }
}

/**
 * Lambda's limit on an environment's init phase. An init that outlasts it
 * is tried again within the first invocation, under the function's
 * timeout: an init without a deadline gets both.
 */
const INIT_LIMIT_MS = 10_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

function stoppedError(): RunnerError {
  return new RunnerError('STOPPED', 'the environment pool is stopped');
}

async function resolveCode(options: ResolvedPoolOptions): Promise<HandlerCode> {
  const code =
    typeof options.code === 'function' ? await options.code() : options.code;
  return { file: path.resolve(code.file), exportName: code.exportName };
}

function wireContext(
  options: ResolvedPoolOptions,
  requestId: string,
  given: InvocationContext,
): WireContext {
  const functionName = given.functionName ?? options.functionName;
  const context: WireContext = {
    awsRequestId: requestId,
    functionName,
    functionVersion: given.functionVersion ?? '$LATEST',
    invokedFunctionArn:
      given.invokedFunctionArn ??
      `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: String(given.memoryLimitInMB ?? options.memorySize),
    logGroupName: given.logGroupName ?? `/aws/lambda/${functionName}`,
    logStreamName: given.logStreamName ?? 'local',
    deadline: given.deadline ?? Date.now() + options.timeout * 1000,
  };
  if (given.identity !== undefined) context.identity = given.identity;
  if (given.clientContext !== undefined) {
    context.clientContext = given.clientContext;
  }
  if (given.traceId !== undefined) context.traceId = given.traceId;
  if (given.variables !== undefined) context.variables = given.variables;
  return context;
}

type OutcomeBase = Omit<
  InvocationOutcome,
  'ok' | 'status' | 'payload' | 'result' | 'error' | 'durationMs'
>;

function toOutcome(
  base: OutcomeBase,
  raw: RawOutcome,
  environment: ExecutionEnvironment,
): InvocationOutcome {
  const info = { environment: environment.info };
  if (!raw.ok) {
    const { error, durationMs } = raw;
    return { ...base, ...info, ok: false, status: 'error', error, durationMs };
  }
  return successOutcome(base, raw.payload, raw.durationMs, info);
}

function successOutcome(
  base: OutcomeBase,
  payload: string,
  durationMs: number,
  info: Pick<InvocationOutcome, 'environment'>,
): InvocationOutcome {
  let parsed: { value: unknown } | undefined;
  const outcome = {
    ...base,
    ...info,
    ok: true,
    status: 'ok',
    payload,
    durationMs,
  };
  Object.defineProperty(outcome, 'result', {
    enumerable: true,
    get: () => {
      parsed ??= { value: JSON.parse(payload) };
      return parsed.value;
    },
  });
  return outcome as InvocationOutcome;
}
