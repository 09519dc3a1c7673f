import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployAssembly } from './assembly/deploy-assembly.js';
import type { RunningApp } from './assembly/running-app.js';
import type { LocalCredentials } from './credentials.js';
import { LocalCloudError } from './errors.js';
import { createLambdaService } from './lambda/create-lambda-service.js';
import type { LambdaService } from './lambda/types.js';
import {
  type LocalCloudOptions,
  type ResolvedLocalCloudOptions,
  resolveLocalCloudOptions,
} from './local-cloud-options.js';
import { startDynamoDb } from './storage/dynamodb.js';
import type { LocalService } from './storage/local-service.js';
import { startS3 } from './storage/s3.js';
import {
  createWebSocketApi,
  type WebSocketApi,
} from './websocket/create-websocket-api.js';
import type { WebSocketApiDefinition } from './websocket/websocket-api-options.js';

/** Anything local-cloud stops with itself. */
export interface Stoppable {
  stop(): Promise<void>;
}

/** A running local cloud. */
export interface LocalCloud {
  readonly region: string;
  readonly accountId: string;
  readonly credentials: LocalCredentials;
  /** Base URLs, `http://127.0.0.1:PORT`. */
  readonly endpoints: {
    readonly lambda: string;
    readonly dynamodb: string;
    readonly s3: string;
  };
  /** Where S3 objects (and persisted tables) live. */
  readonly dataDir: string;
  readonly lambda: LambdaService;
  readonly apigateway: {
    /**
     * Starts a WebSocket API whose Lambda integrations run in this
     * cloud's Lambda service.
     * @throws {LocalCloudError} `INVALID_OPTIONS`, `START_FAILED`,
     * `STOPPED`.
     */
    createWebSocketApi(
      definition: WebSocketApiDefinition,
    ): Promise<WebSocketApi>;
    /** The WebSocket APIs started so far and not stopped. */
    webSocketApis(): WebSocketApi[];
  };
  /**
   * Stands up a synthesized CDK app (a cloud assembly directory) in this
   * cloud; a second call with a changed assembly updates what changed.
   * See `deployAssembly` in the README.
   * @throws {AssemblyError} `ASSEMBLY_NOT_FOUND`, `ASSEMBLY_MALFORMED`,
   * `ASSET_MISSING`, `INTRINSIC_MALFORMED`, `UNRESOLVED_REFERENCE`,
   * `DEPLOY_FAILED`.
   */
  deployAssembly(assemblyDir: string): Promise<RunningApp>;
  /**
   * Has `stop()` stop this resource too (before the Lambda service and the
   * storage), as it does the WebSocket APIs. Returns the resource.
   */
  manage<T extends Stoppable>(resource: T): T;
  /**
   * Stops everything: APIs and managed resources, then every function's
   * environments, then DynamoDB and S3; removes the temporary directory.
   * Everything is stopped even when one part fails; an API or managed
   * resource whose `stop()` has not settled within 5 s counts as failed.
   * Safe to call twice.
   * @throws {LocalCloudError} `STOP_FAILED` naming what did not stop.
   */
  stop(): Promise<void>;
}

interface Storage {
  dataDir: string;
  temporary: boolean;
  dynamodb: LocalService;
  s3: LocalService;
}

async function startStorage(
  options: ResolvedLocalCloudOptions,
): Promise<Storage> {
  const temporary = options.persistDir === undefined;
  const dataDir =
    options.persistDir ??
    (await mkdtemp(join(tmpdir(), 'tether-local-cloud-')));
  const started: LocalService[] = [];
  try {
    const s3Dir = join(dataDir, 's3');
    await mkdir(s3Dir, { recursive: true });
    const dynamodb = await startDynamoDb({
      directory: temporary ? undefined : join(dataDir, 'dynamodb'),
    });
    started.push(dynamodb);
    const s3 = await startS3({
      credentials: options.credentials,
      directory: s3Dir,
      region: options.region,
    });
    return { dataDir, temporary, dynamodb, s3 };
  } catch (error) {
    await Promise.allSettled(started.map((service) => service.stop()));
    if (temporary) {
      await rm(dataDir, { recursive: true, force: true });
    }
    if (error instanceof LocalCloudError) throw error;
    // A persistDir that is a file or not writable fails in mkdir.
    throw new LocalCloudError(
      'START_FAILED',
      `the storage could not start in ${dataDir}`,
      { cause: error },
    );
  }
}

/**
 * Starts a local cloud: DynamoDB (dynalite) and S3 (s3rver) on ephemeral
 * loopback ports, the Lambda service with their endpoints in every
 * function's environment (`AWS_ENDPOINT_URL_DYNAMODB`,
 * `AWS_ENDPOINT_URL_S3`), and API Gateway WebSocket APIs on demand.
 *
 * @throws {LocalCloudError} `INVALID_OPTIONS` for bad options,
 * `START_FAILED` when a service cannot start (what had started is stopped).
 * @example
 * const cloud = await startLocalCloud();
 * await cloud.lambda.createFunction({ name: 'relay', codeDir,
 *   handler: 'index.handler' });
 * const api = await cloud.apigateway.createWebSocketApi({
 *   routes: { $default: { integration: 'lambda', functionName: 'relay' } },
 *   authorization: 'AWS_IAM', stage: 'dev' });
 * await cloud.stop();
 */
export async function startLocalCloud(
  options?: LocalCloudOptions,
): Promise<LocalCloud> {
  const resolved = resolveLocalCloudOptions(options);
  const storage = await startStorage(resolved);
  let lambda: LambdaService;
  try {
    lambda = await createLambdaService({
      region: resolved.region,
      accountId: resolved.accountId,
      credentials: resolved.credentials,
      environment: {
        AWS_ENDPOINT_URL_DYNAMODB: storage.dynamodb.endpoint,
        AWS_ENDPOINT_URL_S3: storage.s3.endpoint,
      },
      port: resolved.port,
      maxEnvironmentsPerFunction: resolved.maxEnvironmentsPerFunction,
      inspect: resolved.inspect,
      onOutput: resolved.onOutput,
      logger: resolved.logger,
    });
  } catch (error) {
    await stopStorage(storage);
    throw error;
  }
  return assemble(resolved, storage, lambda);
}

async function stopStorage(storage: Storage): Promise<unknown[]> {
  const results = await Promise.allSettled([
    storage.dynamodb.stop(),
    storage.s3.stop(),
  ]);
  if (storage.temporary) {
    results.push(
      ...(await Promise.allSettled([
        rm(storage.dataDir, { recursive: true, force: true }),
      ])),
    );
  }
  return failures(results);
}

function failures(results: PromiseSettledResult<unknown>[]): unknown[] {
  return results
    .filter((result) => result.status === 'rejected')
    .map((result) => (result as PromiseRejectedResult).reason);
}

function assemble(
  options: ResolvedLocalCloudOptions,
  storage: Storage,
  lambda: LambdaService,
): LocalCloud {
  const managed = new Set<Stoppable>();
  const apis = new Set<WebSocketApi>();
  let stopping: Promise<void> | undefined;
  const checkRunning = () => {
    if (stopping) {
      throw new LocalCloudError('STOPPED', 'this local cloud has stopped');
    }
  };
  const cloud: LocalCloud = {
    region: options.region,
    accountId: options.accountId,
    credentials: options.credentials,
    endpoints: {
      lambda: lambda.endpoint,
      dynamodb: storage.dynamodb.endpoint,
      s3: storage.s3.endpoint,
    },
    dataDir: storage.dataDir,
    lambda,
    apigateway: {
      async createWebSocketApi(definition) {
        checkRunning();
        const started = await createWebSocketApi({
          ...definition,
          invoker: lambda,
          credentials: options.credentials,
          region: options.region,
          accountId: options.accountId,
          logger: options.logger,
        });
        const api: WebSocketApi = {
          ...started,
          stop: () => {
            apis.delete(api);
            return started.stop();
          },
        };
        apis.add(api);
        return api;
      },
      webSocketApis: () => [...apis],
    },
    deployAssembly(assemblyDir) {
      checkRunning();
      return deployAssembly(cloud, assemblyDir, { logger: options.logger });
    },
    manage(resource) {
      checkRunning();
      managed.add(resource);
      return resource;
    },
    stop() {
      stopping ??= stopAll([...apis, ...managed], lambda, storage);
      return stopping;
    },
  };
  return cloud;
}

// A resource of the user's (manage) whose stop() never settles must not
// keep the functions, the storage and the temporary directory alive.
const RESOURCE_STOP_LIMIT_MS = 5_000;

async function stopWithin(resource: Stoppable): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `a resource did not stop within ${RESOURCE_STOP_LIMIT_MS} ms`,
          ),
        ),
      RESOURCE_STOP_LIMIT_MS,
    );
  });
  try {
    await Promise.race([Promise.resolve().then(() => resource.stop()), limit]);
  } finally {
    clearTimeout(timer);
  }
}

async function stopAll(
  front: Stoppable[],
  lambda: LambdaService,
  storage: Storage,
): Promise<void> {
  const errors = failures(await Promise.allSettled(front.map(stopWithin)));
  errors.push(...failures(await Promise.allSettled([lambda.stop()])));
  errors.push(...(await stopStorage(storage)));
  if (errors.length > 0) {
    throw new LocalCloudError(
      'STOP_FAILED',
      `${errors.length} part(s) of the local cloud did not stop cleanly`,
      { cause: new AggregateError(errors) },
    );
  }
}
