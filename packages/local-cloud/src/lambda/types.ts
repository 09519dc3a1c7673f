import type { LocalCredentials } from '../credentials.js';
import type { InvokeOutcome, LambdaInvoker } from '../lambda-invoker.js';
import type { Logger } from '../logger.js';

/** One piece of a function's console output. */
export interface FunctionOutput {
  functionName: string;
  /** The invocation that wrote it; `undefined` during init. */
  requestId: string | undefined;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Options of {@link createLambdaService}. */
export interface LambdaServiceOptions {
  /** @default 'us-east-1' */
  region?: string;
  /** @default '000000000000' */
  accountId?: string;
  /**
   * The credentials every function gets as `AWS_ACCESS_KEY_ID`,
   * `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
   * @default none: functions get no credentials
   */
  credentials?: LocalCredentials;
  /**
   * Variables every function gets below its own, such as
   * `AWS_ENDPOINT_URL_DYNAMODB` and `AWS_ENDPOINT_URL_S3`.
   * @default {}
   */
  environment?: Readonly<Record<string, string>>;
  /**
   * The folder given to functions as `NODE_PATH`, providing the AWS SDK
   * v3 as Lambda's Node.js runtime does.
   * @default the node_modules folder that holds local-cloud's `@aws-sdk`
   */
  sdkPath?: string;
  /**
   * The Invoke endpoint's port on 127.0.0.1.
   * @default 0 (an ephemeral port)
   */
  port?: number;
  /**
   * Invocations of one function that run at once, each in its own
   * execution environment (a Node.js process); further ones wait for one
   * to be free, where Lambda would start more. A waiting invocation whose
   * caller gives up (an API's integration timeout, a closed Invoke
   * connection, `signal`) never runs.
   * @default LAMBDA_DEFAULTS.maxEnvironmentsPerFunction: 4 per core
   *   (`os.availableParallelism()`), at least 8
   */
  maxEnvironmentsPerFunction?: number;
  /**
   * Start functions under the Node.js inspector; deadlines then only
   * inform `getRemainingTimeInMillis`.
   * @default false
   */
  inspect?: boolean;
  /** Receives the functions' console output. */
  onOutput?: (output: FunctionOutput) => void;
  /** @default a silent logger */
  logger?: Logger;
}

/** A function to create, as CreateFunction would take it. */
export interface FunctionDefinition {
  /** 1 to 64 letters, digits, `-` and `_`. */
  name: string;
  /** The built asset directory (Lambda's `/var/task`). */
  codeDir: string;
  /** `MODULE.EXPORT`, like `index.handler`. */
  handler: string;
  /** @default 'nodejs22.x' */
  runtime?: string;
  /** The function's own variables. @default {} */
  environment?: Readonly<Record<string, string>>;
  /** Seconds, 1 to 900. @default 3 */
  timeout?: number;
  /** MB, 128 to 10240. @default 128 */
  memorySize?: number;
  /**
   * Lambda's reserved concurrency (`ReservedConcurrentExecutions`), 0 to
   * 1000: at most this many invocations at once when below the service's
   * `maxEnvironmentsPerFunction`; 0 throttles every invocation
   * (`TooManyRequestsException`). `null`: none reserved.
   * @default null
   */
  reservedConcurrency?: number | null;
}

/** What {@link LambdaService.updateFunction} may change. */
export type FunctionUpdate = Partial<Omit<FunctionDefinition, 'name'>>;

/** A created function. */
export interface FunctionDescription {
  name: string;
  arn: string;
}

/** Options of one programmatic invocation. */
export interface InvokeOptions {
  /** Given to the handler as `context.clientContext`. */
  clientContext?: unknown;
  /**
   * The caller giving up: an invocation still waiting for a free
   * environment (see `maxEnvironmentsPerFunction`) then never runs and
   * answers `TooManyRequestsException`; one already running runs on.
   */
  signal?: AbortSignal;
}

/**
 * Lambda on this machine: functions run in Lambda-faithful execution
 * environments, reachable programmatically and through an Invoke
 * endpoint that `@aws-sdk/client-lambda` can call.
 */
export interface LambdaService extends LambdaInvoker {
  /** The Invoke endpoint's base URL, `http://127.0.0.1:{port}`. */
  readonly endpoint: string;
  /**
   * Creates a function.
   * @throws {LocalCloudError} `INVALID_OPTIONS` for a wrong definition,
   *   `FUNCTION_EXISTS` for a name already taken, `STOPPED` after stop.
   */
  createFunction(definition: FunctionDefinition): Promise<FunctionDescription>;
  /**
   * Changes a function's code or configuration: idle environments are
   * replaced at once, busy ones when their invocation ends.
   * @throws {LocalCloudError} `FUNCTION_NOT_FOUND`, `INVALID_OPTIONS`.
   */
  updateFunction(
    name: string,
    update: FunctionUpdate,
  ): Promise<FunctionDescription>;
  /**
   * Deletes a function and ends its environments.
   * @throws {LocalCloudError} `FUNCTION_NOT_FOUND`.
   */
  deleteFunction(name: string): Promise<void>;
  /** The functions that exist now. */
  listFunctions(): FunctionDescription[];
  /**
   * Invokes a function synchronously (RequestResponse), by name or ARN.
   * Every failure is an outcome: a handler error, a timeout, an unknown
   * function (`ResourceNotFoundException`), a payload over 6 MB, an event
   * JSON cannot carry (`InvalidRequestContentException`), `stop()` under
   * way or done (`ServiceException`), `options.signal` aborted while it
   * waited for an environment (`TooManyRequestsException`).
   */
  invoke(
    functionName: string,
    event: unknown,
    options?: InvokeOptions,
  ): Promise<InvokeOutcome>;
  /** Ends every environment and closes the endpoint. */
  stop(): Promise<void>;
}
