import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalCloudError } from '../errors.js';
import { closeServer, LOOPBACK } from '../internal/listen.js';
import type { InvokeOutcome } from '../lambda-invoker.js';
import {
  applyUpdate,
  type ResolvedServiceOptions,
  resolveDefinition,
  resolveServiceOptions,
} from './defaults.js';
import {
  type FunctionReference,
  functionArn,
  parseFunctionName,
} from './function-name.js';
import { createInvokeEndpoint } from './invoke-endpoint.js';
import { LAMBDA_LIMITS } from './limits.js';
import {
  ABANDONED,
  CUT_SHORT,
  type FunctionHost,
  isAbandoned,
  isCutShort,
  isThrottled,
  LocalFunction,
  THROTTLED,
} from './local-function.js';
import type {
  FunctionDefinition,
  FunctionDescription,
  FunctionUpdate,
  InvokeOptions,
  LambdaService,
  LambdaServiceOptions,
} from './types.js';

/**
 * Starts Lambda on this machine: functions created from built asset
 * directories run in Lambda-faithful execution environments (one child
 * process per concurrent invocation, reused warm), invoked
 * programmatically or through an Invoke endpoint on 127.0.0.1.
 *
 * @throws {LocalCloudError} `INVALID_OPTIONS` for a wrong option,
 *   `START_FAILED` when the endpoint cannot listen.
 * @example
 * ```ts
 * const lambda = await createLambdaService({ region: 'eu-west-1' });
 * await lambda.createFunction({
 *   name: 'hello',
 *   codeDir: '/abs/asset',
 *   handler: 'index.handler',
 * });
 * const outcome = await lambda.invoke('hello', { name: 'Ada' });
 * // or: new LambdaClient({ endpoint: lambda.endpoint, … })
 * await lambda.stop();
 * ```
 */
export async function createLambdaService(
  options?: LambdaServiceOptions,
): Promise<LambdaService> {
  const resolved = resolveServiceOptions(options);
  const service = new Service(resolved);
  await service.listen(resolved.port);
  return service;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function notFound(name: string): LocalCloudError {
  return new LocalCloudError(
    'FUNCTION_NOT_FOUND',
    `function ${name} does not exist`,
  );
}

class Service implements LambdaService {
  endpoint = '';
  readonly #options: ResolvedServiceOptions;
  readonly #functions = new Map<string, LocalFunction>();
  readonly #server: Server;
  readonly #host: FunctionHost;
  #stopped = false;

  constructor(options: ResolvedServiceOptions) {
    this.#options = options;
    this.#host = {
      ...options,
      credentials: options.credentials,
      onOutput: options.onOutput,
    };
    this.#server = createServer(
      createInvokeEndpoint({
        find: (reference) => this.#find(reference),
        logger: options.logger,
      }),
    );
  }

  async listen(port: number): Promise<void> {
    try {
      const bound = await listen(this.#server, port);
      this.endpoint = `http://${LOOPBACK}:${bound}`;
    } catch (cause) {
      throw new LocalCloudError(
        'START_FAILED',
        `the Lambda endpoint could not listen on port ${port}`,
        { cause },
      );
    }
  }

  async createFunction(
    definition: FunctionDefinition,
  ): Promise<FunctionDescription> {
    this.#checkRunning();
    const resolved = resolveDefinition(definition);
    if (this.#functions.has(resolved.name)) {
      throw new LocalCloudError(
        'FUNCTION_EXISTS',
        `function ${resolved.name} already exists`,
      );
    }
    const created = new LocalFunction(resolved, this.#host);
    this.#functions.set(resolved.name, created);
    this.#options.logger.debug(`created function ${resolved.name}`);
    return { name: created.name, arn: created.arn };
  }

  async updateFunction(
    name: string,
    update: FunctionUpdate,
  ): Promise<FunctionDescription> {
    this.#checkRunning();
    const existing = this.#functions.get(name);
    if (!existing) throw notFound(name);
    existing.update(applyUpdate(existing.definition, update));
    return { name: existing.name, arn: existing.arn };
  }

  async deleteFunction(name: string): Promise<void> {
    const existing = this.#functions.get(name);
    if (!existing) throw notFound(name);
    this.#functions.delete(name);
    await existing.stop();
  }

  listFunctions(): FunctionDescription[] {
    return [...this.#functions.values()].map(({ name, arn }) => ({
      name,
      arn,
    }));
  }

  async invoke(
    functionName: string,
    event: unknown,
    options: InvokeOptions = {},
  ): Promise<InvokeOutcome> {
    if (this.#stopped) {
      return failure('ServiceException', 'the Lambda service is stopped');
    }
    const found = this.#findByName(functionName);
    if (typeof found === 'string') {
      return failure(
        'ResourceNotFoundException',
        `Function not found: ${found}`,
      );
    }
    const checked = checkEvent(event);
    if ('ok' in checked) return checked;
    const answer = await found
      .invoke(checked.event, options)
      .catch(stoppedAnswer);
    if (answer === 'abandoned') {
      return failure('TooManyRequestsException', ABANDONED);
    }
    if (answer === 'throttled') {
      return failure('TooManyRequestsException', THROTTLED);
    }
    if (!answer) return failure('ServiceException', CUT_SHORT);
    const parsed: unknown = JSON.parse(answer.payload);
    if (!answer.functionError) return { ok: true, result: parsed };
    return {
      ok: false,
      error: parsed as Extract<InvokeOutcome, { ok: false }>['error'],
    };
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const functions = [...this.#functions.values()];
    this.#functions.clear();
    await Promise.all([
      closeServer(this.#server),
      ...functions.map((existing) => existing.stop()),
    ]);
  }

  #checkRunning(): void {
    if (this.#stopped) {
      throw new LocalCloudError('STOPPED', 'the Lambda service is stopped');
    }
  }

  #findByName(functionName: string): LocalFunction | string {
    const reference = parseFunctionName(functionName);
    if (!reference) return functionName;
    return this.#find(reference);
  }

  #find(reference: FunctionReference): LocalFunction | string {
    const { region, accountId } = this.#options;
    const arn = functionArn(region, accountId, reference.name);
    const qualified = reference.qualifier
      ? `${arn}:${reference.qualifier}`
      : arn;
    const found = this.#functions.get(reference.name);
    const elsewhere =
      (reference.region && reference.region !== region) ||
      (reference.accountId && reference.accountId !== accountId) ||
      (reference.qualifier && reference.qualifier !== '$LATEST');
    return found && !elsewhere ? found : qualified;
  }
}

// An event is JSON on Lambda: the handler gets what JSON carries (a Date
// as its text, no undefined keys), and what JSON cannot carry (a BigInt, a
// cycle) is refused as the Invoke API refuses a body it cannot parse.
function checkEvent(event: unknown): InvokeOutcome | { event: unknown } {
  let text: string;
  try {
    text = JSON.stringify(event ?? {}) ?? '{}';
  } catch (error) {
    return failure(
      'InvalidRequestContentException',
      `Could not serialize the event into json: ${(error as Error).message}`,
    );
  }
  if (Buffer.byteLength(text) > LAMBDA_LIMITS.syncRequestBytes) {
    return failure(
      'RequestTooLargeException',
      `Request must be smaller than ${LAMBDA_LIMITS.syncRequestBytes} bytes for the InvokeFunction operation`,
    );
  }
  return { event: JSON.parse(text) };
}

// stop() and deleteFunction() end the environments under running
// invocations, a caller may give up on a waiting one, and a function may
// reserve no concurrency at all: each becomes an outcome here, as every
// failure is.
function stoppedAnswer(error: unknown): undefined | 'abandoned' | 'throttled' {
  if (isCutShort(error)) return undefined;
  if (isAbandoned(error)) return 'abandoned';
  if (isThrottled(error)) return 'throttled';
  throw error;
}

function failure(errorType: string, errorMessage: string): InvokeOutcome {
  return { ok: false, error: { errorType, errorMessage } };
}
