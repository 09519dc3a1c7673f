import type { Logger } from '../logger.js';

/** Where a function's handler lives: a built JavaScript file and an export. */
export interface HandlerCode {
  /** Absolute path of the JavaScript file; ESM or CommonJS. */
  file: string;
  /**
   * The export to call; dotted for a nested one (`handler`, `api.get`).
   * For a CommonJS file, `module.exports` is searched too.
   */
  exportName: string;
}

/**
 * The code to run: fixed, or a function asked each time an environment
 * starts, so that a rebuild followed by `reload()` swaps it.
 */
export type HandlerSource =
  | HandlerCode
  | (() => HandlerCode | Promise<HandlerCode>);

/** How to start environments under the Node.js inspector. */
export interface InspectOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /**
   * The first environment's port; the next ones take the following free
   * ports. `0` lets the system choose one per environment.
   * @default 0
   */
  port?: number;
}

/** One piece of a handler's console output. */
export interface EnvironmentOutput {
  /**
   * The invocation that was running when it was written; for output of
   * an idle environment, the last one it ran; `undefined` during init.
   */
  requestId: string | undefined;
  stream: 'stdout' | 'stderr';
  text: string;
  /** Which environment wrote it. */
  environmentId: number;
}

/** Options of {@link createEnvironmentPool}. */
export interface EnvironmentPoolOptions {
  /** The function's name, used in the context and in error messages. */
  functionName: string;
  /** The handler to run. */
  code: HandlerSource;
  /**
   * The function's environment variables: the environments see these and
   * nothing of the parent's environment.
   * @default {}
   */
  environment?: Readonly<Record<string, string>>;
  /**
   * The function's timeout in seconds, used when an invocation brings no
   * deadline of its own and in the timeout error's message.
   * @default 3
   */
  timeout?: number;
  /**
   * The function's memory size in MB: the environments' heap limit, as
   * Lambda's Node.js runtime sets it.
   * @default 128
   */
  memorySize?: number;
  /**
   * Start environments under the inspector. In inspect mode the deadline
   * is advisory: an invocation paused at a breakpoint is not ended.
   * @default false
   */
  inspect?: boolean | InspectOptions;
  /**
   * The most environments alive at once; invocations beyond it wait for
   * one to become idle.
   * @default 1000
   */
  maxEnvironments?: number;
  /**
   * How long an idle environment is kept warm, in milliseconds.
   * @default 600000
   */
  idleTimeout?: number;
  /**
   * The environments' working directory.
   * @default the directory of the handler file
   */
  cwd?: string;
  /** Receives the handlers' output, tagged with the request id. */
  onOutput?: (output: EnvironmentOutput) => void;
  /** @default a silent logger */
  logger?: Logger;
}

/** What {@link EnvironmentPool.reload} may change besides the code. */
export type EnvironmentPoolUpdate = Partial<
  Pick<
    EnvironmentPoolOptions,
    'code' | 'environment' | 'timeout' | 'memorySize' | 'cwd'
  >
>;

/**
 * The Lambda context of one invocation, as the caller knows it; missing
 * fields are filled from the pool's options (`awsRequestId` gets a new
 * UUID, `deadline` is the timeout from the moment the handler starts).
 */
export interface InvocationContext {
  awsRequestId?: string;
  functionName?: string;
  /** @default '$LATEST' */
  functionVersion?: string;
  invokedFunctionArn?: string;
  memoryLimitInMB?: number | string;
  logGroupName?: string;
  logStreamName?: string;
  /** The invocation's deadline, epoch milliseconds. */
  deadline?: number;
  identity?: unknown;
  clientContext?: unknown;
  /**
   * The X-Ray trace header: `process.env._X_AMZN_TRACE_ID` while this
   * invocation runs, as Lambda's Node.js runtime sets it; without one the
   * variable is unset for the invocation.
   */
  traceId?: string;
  /**
   * Variables set in process.env when this invocation starts (and left so
   * after it), for what differs between Lambda's execution environments
   * without a restart here: a log stream name, session credentials.
   * `null` unsets one. Variables not named keep their value.
   * @default {}
   */
  variables?: Readonly<Record<string, string | null>>;
}

/** An error in the shape Lambda reports it. */
export interface LambdaError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

/** Which environment ran an invocation. */
export interface EnvironmentInfo {
  id: number;
  pid: number;
  /** The inspector's WebSocket URL, in inspect mode once known. */
  inspectorUrl?: string;
}

interface OutcomeBase {
  requestId: string;
  /** Time spent in the handler, measured inside the environment. */
  durationMs: number;
  /** Whether a new environment was started for this invocation. */
  coldStart: boolean;
  /** For a cold start, the time to start Node.js and load the handler. */
  initDurationMs?: number;
  environment: EnvironmentInfo;
}

/** The handler returned a value. */
export interface InvocationSuccess extends OutcomeBase {
  ok: true;
  status: 'ok';
  /** The result as JSON text, serialized as Lambda does. */
  payload: string;
  /** The result, parsed from `payload` when first read. */
  readonly result: unknown;
}

/** The handler failed, timed out, or its environment died. */
export interface InvocationFailure extends OutcomeBase {
  ok: false;
  status: 'error' | 'timeout';
  error: LambdaError;
}

/** How one invocation ended; `ok` and `status` tell which way. */
export type InvocationOutcome = InvocationSuccess | InvocationFailure;

/** The state of one environment, for diagnostics. */
export interface EnvironmentState extends EnvironmentInfo {
  state: 'starting' | 'idle' | 'busy' | 'stopping';
}

/** The execution environments of one function. */
export interface EnvironmentPool {
  /**
   * Runs one invocation in an idle environment, or in a new one when none
   * is idle. Resolves with the outcome, failures included.
   * An event holding what cannot cross to a process (a function) fails
   * with `Tether.InvalidEvent`.
   * @throws {RunnerError} `STOPPED` when the pool is or gets stopped.
   */
  invoke(
    event: unknown,
    context?: InvocationContext,
  ): Promise<InvocationOutcome>;
  /**
   * Replaces the environments, with new options if given: idle ones at
   * once, busy ones when their invocation ends.
   */
  reload(update?: EnvironmentPoolUpdate): void;
  /**
   * Starts environments ahead of invocations until `count` are idle or
   * starting (within `maxEnvironments`), for example right after a
   * `reload()`, so the next invocation finds one warm. Resolves once they
   * are ready (or failed to start: the invocation will report why).
   * @default count 1
   * @throws {RunnerError} `STOPPED` when the pool is stopped.
   */
  warm(count?: number): Promise<void>;
  /** The environments alive now. */
  environments(): EnvironmentState[];
  /** Ends every environment; resolves once they have exited. */
  stop(): Promise<void>;
}
