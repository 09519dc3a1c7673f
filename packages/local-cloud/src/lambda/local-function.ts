import { randomBytes, randomUUID } from 'node:crypto';
import {
  createEnvironmentPool,
  type EnvironmentOutput,
  type EnvironmentPool,
  type InvocationOutcome,
  RunnerError,
  resolveHandler,
} from '@tether/runner';
import type { LocalCredentials } from '../credentials.js';
import type { Logger } from '../logger.js';
import { ConcurrencyGate } from './concurrency-gate.js';
import type { ResolvedDefinition } from './defaults.js';
import { functionEnvironment } from './function-environment.js';
import { functionArn } from './function-name.js';
import { LAMBDA_LIMITS } from './limits.js';
import type { FunctionOutput } from './types.js';

/** What every function of one service shares. */
export interface FunctionHost {
  region: string;
  accountId: string;
  sdkPath: string;
  credentials: LocalCredentials | undefined;
  environment: Readonly<Record<string, string>>;
  inspect: boolean;
  maxEnvironmentsPerFunction: number;
  logger: Logger;
  onOutput: ((output: FunctionOutput) => void) | undefined;
}

/** One invocation as the Invoke API answers it. */
export interface FunctionAnswer {
  requestId: string;
  /** The response body: the result, or Lambda's error object, as JSON. */
  payload: string;
  functionError: boolean;
  /** The invocation's output, when a tail was asked for. */
  log?: string;
}

/** What one invocation carries besides the event. */
export interface FunctionCall {
  clientContext?: unknown;
  invokedArn?: string;
  tail?: boolean;
  /**
   * The caller giving up (an integration timeout, a closed connection):
   * an invocation still waiting for an environment then never runs.
   */
  signal?: AbortSignal;
}

function logStreamName(now: Date): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

function errorPayload(error: {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}): string {
  const { errorType, errorMessage, trace } = error;
  return JSON.stringify(trace ? { errorType, errorMessage, trace } : error);
}

const RESPONSE_TOO_LARGE = errorPayload({
  errorType: 'Function.ResponseSizeTooLarge',
  errorMessage: `Response payload size exceeded maximum allowed payload size (${LAMBDA_LIMITS.responseBytes} bytes).`,
});

/** What an invocation that `deleteFunction()` or `stop()` ended says. */
export const CUT_SHORT =
  'the function was deleted, or the service stopped, before the invocation ended';

/** What an invocation whose caller gave up while it waited says. */
export const ABANDONED =
  'the caller gave up while the invocation waited for an environment';

class Abandoned extends Error {}

/** What an invocation of a function reserved 0 concurrency says. */
export const THROTTLED = 'Rate Exceeded.';

class Throttled extends Error {}

/**
 * Whether an `invoke()` rejection is Lambda's throttle: the function's
 * reserved concurrency is 0.
 */
export function isThrottled(error: unknown): boolean {
  return error instanceof Throttled;
}

/**
 * Whether an `invoke()` rejection is its caller giving up (`signal`)
 * while it waited for one of the function's environments.
 */
export function isAbandoned(error: unknown): boolean {
  return error instanceof Abandoned;
}

/**
 * Whether an `invoke()` rejection is the function's environments being
 * stopped under it (deleteFunction, stop) rather than a fault.
 */
export function isCutShort(error: unknown): boolean {
  return error instanceof RunnerError && error.code === 'STOPPED';
}

/** A created function: its definition and its execution environments. */
export class LocalFunction {
  readonly arn: string;
  #definition: ResolvedDefinition;
  readonly #host: FunctionHost;
  readonly #logStream = logStreamName(new Date());
  readonly #pool: EnvironmentPool;
  // Beyond the cap, invocations wait here rather than in the pool, where a
  // caller that has given up could not take its invocation back.
  readonly #gate: ConcurrencyGate;
  readonly #tails = new Map<string, string[]>();

  constructor(definition: ResolvedDefinition, host: FunctionHost) {
    this.#definition = definition;
    this.#host = host;
    this.arn = functionArn(host.region, host.accountId, definition.name);
    this.#gate = new ConcurrencyGate(this.#cap());
    this.#pool = createEnvironmentPool({
      functionName: definition.name,
      ...this.#poolSettings(),
      maxEnvironments: host.maxEnvironmentsPerFunction,
      inspect: host.inspect,
      logger: host.logger,
      onOutput: (output) => this.#onOutput(output),
    });
  }

  get name(): string {
    return this.#definition.name;
  }

  /** Applies a new definition; environments are replaced. */
  update(definition: ResolvedDefinition): void {
    this.#definition = definition;
    this.#gate.limit = this.#cap();
    this.#pool.reload(this.#poolSettings());
  }

  // The service's cap, or the function's reserved concurrency below it.
  #cap(): number {
    const reserved = this.#definition.reservedConcurrency;
    const cap = this.#host.maxEnvironmentsPerFunction;
    return reserved === null ? cap : Math.min(reserved, cap);
  }

  /** The definition as it stands. */
  get definition(): ResolvedDefinition {
    return this.#definition;
  }

  /**
   * Runs one invocation once one of the function's environments is free
   * (at most `maxEnvironmentsPerFunction` run at once); never rejects but
   * when stopped (deleteFunction, stop) or abandoned (`call.signal`): a
   * function that cannot start is a Runtime.ExitError answer.
   */
  async invoke(
    event: unknown,
    call: FunctionCall = {},
  ): Promise<FunctionAnswer> {
    if (this.#cap() === 0) throw new Throttled(THROTTLED);
    if (!(await this.#gate.enter(call.signal))) throw new Abandoned(ABANDONED);
    try {
      return await this.#run(event, call);
    } finally {
      this.#gate.leave();
    }
  }

  async #run(event: unknown, call: FunctionCall): Promise<FunctionAnswer> {
    const requestId = randomUUID();
    if (call.tail) this.#tails.set(requestId, []);
    try {
      const outcome = await this.#pool.invoke(event, {
        awsRequestId: requestId,
        invokedFunctionArn: call.invokedArn ?? this.arn,
        memoryLimitInMB: this.#definition.memorySize,
        logStreamName: this.#logStream,
        clientContext: call.clientContext,
      });
      const answer = toAnswer(requestId, outcome);
      const pieces = this.#tails.get(requestId);
      if (pieces) answer.log = this.#logOf(outcome, pieces);
      return answer;
    } catch (error) {
      if (isCutShort(error)) throw error;
      return notStarted(requestId, error);
    } finally {
      this.#tails.delete(requestId);
    }
  }

  // The log lines Lambda writes around an invocation's own output.
  #logOf(outcome: InvocationOutcome, pieces: string[]): string {
    const id = outcome.requestId;
    const duration = outcome.durationMs.toFixed(2);
    const memory = this.#definition.memorySize;
    return [
      `START RequestId: ${id} Version: $LATEST\n`,
      ...pieces,
      `END RequestId: ${id}\n`,
      `REPORT RequestId: ${id}\tDuration: ${duration} ms\tMemory Size: ${memory} MB\n`,
    ].join('');
  }

  /** Ends the function's environments. */
  stop(): Promise<void> {
    return this.#pool.stop();
  }

  #poolSettings(): Pick<
    Parameters<typeof createEnvironmentPool>[0],
    'code' | 'environment' | 'timeout' | 'memorySize' | 'cwd'
  > {
    const definition = this.#definition;
    const host = this.#host;
    return {
      code: () => resolveHandler(definition.codeDir, definition.handler),
      environment: functionEnvironment({
        ...definition,
        own: definition.environment,
        region: host.region,
        logStreamName: this.#logStream,
        sdkPath: host.sdkPath,
        credentials: host.credentials,
        shared: host.environment,
      }),
      timeout: definition.timeout,
      memorySize: definition.memorySize,
      cwd: definition.codeDir,
    };
  }

  #onOutput(output: EnvironmentOutput): void {
    const { requestId, stream, text } = output;
    if (requestId) this.#tails.get(requestId)?.push(text);
    this.#host.onOutput?.({ functionName: this.name, requestId, stream, text });
  }
}

// The pool rejects when no environment could be made at all (fork throws
// E2BIG for variables over the system's limit): Lambda's could-not-start
// error, as the runner gives for a process that failed to spawn.
function notStarted(requestId: string, error: unknown): FunctionAnswer {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    requestId,
    functionError: true,
    payload: errorPayload({
      errorType: 'Runtime.ExitError',
      errorMessage: `Error: Runtime failed to start: ${reason}`,
    }),
  };
}

function toAnswer(
  requestId: string,
  outcome: InvocationOutcome,
): FunctionAnswer {
  if (!outcome.ok) {
    return {
      requestId,
      functionError: true,
      payload: errorPayload(outcome.error),
    };
  }
  if (Buffer.byteLength(outcome.payload) > LAMBDA_LIMITS.responseBytes) {
    return { requestId, functionError: true, payload: RESPONSE_TOO_LARGE };
  }
  return { requestId, functionError: false, payload: outcome.payload };
}
