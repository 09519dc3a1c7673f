import { AssemblyError } from '../errors.js';
import { startHttpApi } from '../http-api/http-api.js';
import type { FunctionDefinition } from '../lambda/types.js';
import { type Logger, SILENT_LOGGER } from '../logger.js';
import { startRestApi } from '../rest-api/rest-api.js';
import { createWebSocketApi } from '../websocket/create-websocket-api.js';
import type { AssemblyHost } from './host.js';
import { removeInlineCode, writeInlineCode } from './inline-code.js';
import { planAssembly } from './plan.js';
import type {
  DeployPlan,
  FunctionPlan,
  HttpApiPlan,
  WebSocketApiPlan,
} from './plan-types.js';
import { apiRewrites, rewriteUrls, type UrlRewrite } from './rewrite-urls.js';
import type { RunningApp } from './running-app.js';
import { createStorageClient, type StorageClient } from './storage-client.js';

type Step = () => Promise<unknown>;

interface ServedApi {
  plan: HttpApiPlan;
  port: number;
  update(config: unknown): void;
  stop(): Promise<void>;
}

interface ServedWebSocket {
  plan: WebSocketApiPlan;
  url: string;
  managementUrl: string;
  port: number;
  stop(): Promise<void>;
}

interface DeployedFunction {
  plan: FunctionPlan;
  fingerprint: string;
  codeDir: string;
  environment: Record<string, string>;
}

interface State {
  tables: Map<string, { name: string; fingerprint: string }>;
  buckets: Map<string, string>;
  apis: Map<string, ServedApi>;
  webSockets: Map<string, ServedWebSocket>;
  functions: Map<string, DeployedFunction>;
}

/** Stands assemblies up in one local cloud, one deploy after another. */
export interface AssemblyDeployer {
  /**
   * Stands up (or updates) the app in a cloud assembly directory. What did
   * not change keeps running untouched; what changed is updated in place;
   * what is gone is stopped. A deploy that fails leaves what ran before
   * and nothing of its own.
   *
   * @throws {AssemblyError} `ASSEMBLY_NOT_FOUND`, `ASSEMBLY_MALFORMED`,
   * `ASSET_MISSING`, `INTRINSIC_MALFORMED`, `UNRESOLVED_REFERENCE` (nothing
   * started), `DEPLOY_FAILED` (what this deploy started is stopped again).
   */
  deploy(assemblyDir: string): Promise<RunningApp>;
  /** Stops every API and deletes every function of the app. */
  stop(): Promise<void>;
}

/**
 * Creates the deployer of assemblies into a local cloud.
 *
 * @example
 * const deployer = createAssemblyDeployer(host);
 * const app = await deployer.deploy('cdk.out');
 * await fetch(app.apis[0].url);
 */
export function createAssemblyDeployer(host: AssemblyHost): AssemblyDeployer {
  const state: State = {
    tables: new Map(),
    buckets: new Map(),
    apis: new Map(),
    webSockets: new Map(),
    functions: new Map(),
  };
  let queue: Promise<unknown> = Promise.resolve();
  const serialize = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => {});
    return next;
  };
  return {
    deploy: (dir) => serialize(() => deploy(host, state, dir)),
    stop: () => serialize(() => stopAll(host, state)),
  };
}

async function deploy(
  host: AssemblyHost,
  state: State,
  dir: string,
): Promise<RunningApp> {
  const logger = host.logger ?? SILENT_LOGGER;
  const plan = planAssembly(dir, host);
  for (const warning of plan.warnings) logger.warn(`local-cloud: ${warning}`);
  const undo: Step[] = [];
  const commit: Step[] = [];
  const storage = createStorageClient(host);
  try {
    await applyStorage(plan, state, storage, undo, commit);
    await applyApis(host, plan, state, undo, commit);
    const rewrites = currentRewrites(state);
    await applyFunctions(host, plan, state, rewrites, undo, commit);
    // What is gone is removed last; a removal that fails is only reported.
    for (const step of commit) await step().catch(report(logger, 'remove'));
    const running = describe(plan, state, rewrites);
    return { ...running, lambdaEndpoint: host.endpoints.lambda };
  } catch (cause) {
    for (const step of undo.reverse()) {
      await step().catch(report(logger, 'roll back'));
    }
    throw new AssemblyError(
      'DEPLOY_FAILED',
      `the assembly could not be stood up: ${(cause as Error).message}`,
      { cause },
    );
  } finally {
    storage.close();
  }
}

function report(logger: Logger, what: string) {
  return (error: unknown) =>
    logger.warn(`local-cloud: could not ${what}: ${(error as Error).message}`);
}

async function applyStorage(
  plan: DeployPlan,
  state: State,
  storage: StorageClient,
  undo: Step[],
  commit: Step[],
): Promise<void> {
  const wanted = new Set(plan.tables.map((t) => t.key));
  for (const table of plan.tables) {
    const before = state.tables.get(table.key);
    if (before?.fingerprint === table.fingerprint) continue;
    // A changed key schema or index set replaces the table, as in AWS.
    if (before) await storage.deleteTable(before.name);
    await storage.createTable(table.definition);
    undo.push(() => storage.deleteTable(table.name));
    commit.push(async () => state.tables.set(table.key, table));
  }
  for (const [key, table] of state.tables) {
    if (wanted.has(key)) continue;
    commit.push(async () => {
      state.tables.delete(key);
      await storage.deleteTable(table.name);
    });
  }
  for (const bucket of plan.buckets) {
    if (state.buckets.get(bucket.key) === bucket.name) continue;
    await storage.createBucket(bucket.name);
    undo.push(() => storage.deleteBucket(bucket.name));
    commit.push(async () => state.buckets.set(bucket.key, bucket.name));
  }
  const buckets = new Set(plan.buckets.map((b) => b.key));
  for (const [key, name] of state.buckets) {
    if (buckets.has(key)) continue;
    commit.push(async () => {
      state.buckets.delete(key);
      await storage.deleteBucket(name);
    });
  }
}

/** Sets a state entry now, and restores the previous one on undo. */
function setEntry<T>(
  map: Map<string, T>,
  key: string,
  value: T,
  undo: Step[],
): void {
  const before = map.get(key);
  map.set(key, value);
  undo.push(async () => {
    if (before === undefined) map.delete(key);
    else map.set(key, before);
  });
}

function removeGone<T extends { stop(): Promise<void> }>(
  map: Map<string, T>,
  wanted: Set<string>,
  commit: Step[],
): void {
  for (const [key, entry] of map) {
    if (wanted.has(key)) continue;
    commit.push(async () => {
      map.delete(key);
      await entry.stop();
    });
  }
}

async function serveApi(host: AssemblyHost, plan: HttpApiPlan) {
  const options = { logger: host.logger ?? SILENT_LOGGER };
  const running =
    plan.type === 'HTTP'
      ? await startHttpApi(plan.config, host.lambda, options)
      : await startRestApi(plan.config, host.lambda, options);
  const served: ServedApi = {
    plan,
    port: running.port,
    update: (config) => running.update(config as never),
    stop: () => running.stop(),
  };
  return served;
}

async function applyApis(
  host: AssemblyHost,
  plan: DeployPlan,
  state: State,
  undo: Step[],
  commit: Step[],
): Promise<void> {
  for (const api of plan.apis) {
    const before = state.apis.get(api.key);
    if (before && before.plan.type === api.type) {
      if (before.plan.fingerprint === api.fingerprint) continue;
      const previous = before.plan;
      before.update(api.config);
      before.plan = api;
      undo.push(async () => {
        before.update(previous.config);
        before.plan = previous;
      });
      continue;
    }
    const served = await serveApi(host, api);
    undo.push(() => served.stop());
    setEntry(state.apis, api.key, served, undo);
    if (before) commit.push(() => before.stop());
  }
  removeGone(state.apis, new Set(plan.apis.map((a) => a.key)), commit);
  for (const api of plan.webSocketApis) {
    const before = state.webSockets.get(api.key);
    if (before?.plan.fingerprint === api.fingerprint) continue;
    const served = await serveWebSocket(host, api);
    undo.push(() => served.stop());
    setEntry(state.webSockets, api.key, served, undo);
    if (before) commit.push(() => before.stop());
  }
  const sockets = new Set(plan.webSocketApis.map((a) => a.key));
  removeGone(state.webSockets, sockets, commit);
}

async function serveWebSocket(
  host: AssemblyHost,
  plan: WebSocketApiPlan,
): Promise<ServedWebSocket> {
  const api = await createWebSocketApi({
    name: plan.name,
    routeSelectionExpression: plan.routeSelectionExpression,
    authorization: plan.authorization,
    routes: plan.routes,
    stage: plan.stage,
    invoker: host.lambda,
    credentials: host.credentials,
    region: host.region,
    accountId: host.accountId,
    logger: host.logger ?? SILENT_LOGGER,
  });
  return {
    plan,
    url: api.url,
    managementUrl: api.managementUrl,
    port: Number(new URL(api.url).port),
    stop: () => api.stop(),
  };
}

function currentRewrites(state: State): UrlRewrite[] {
  const rewrites: UrlRewrite[] = [];
  for (const api of [...state.apis.values(), ...state.webSockets.values()]) {
    rewrites.push(...apiRewrites(api.plan.aws.base, api.port));
  }
  return rewrites;
}

function environmentOf(
  host: AssemblyHost,
  plan: FunctionPlan,
  rewrites: UrlRewrite[],
): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: host.endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: host.endpoints.s3,
    ...rewriteUrls(plan.environment, rewrites),
  };
}

async function applyFunctions(
  host: AssemblyHost,
  plan: DeployPlan,
  state: State,
  rewrites: UrlRewrite[],
  undo: Step[],
  commit: Step[],
): Promise<void> {
  for (const fn of plan.functions) {
    const environment = environmentOf(host, fn, rewrites);
    const fingerprint = fn.fingerprint + JSON.stringify(environment);
    const before = state.functions.get(fn.key);
    if (before?.fingerprint === fingerprint) continue;
    const codeDir = await codeDirOf(fn, undo);
    const definition = {
      codeDir,
      handler: fn.handler,
      runtime: fn.runtime,
      environment,
      timeout: fn.timeout,
      memorySize: fn.memorySize,
      reservedConcurrency: fn.reservedConcurrency,
    };
    await putFunction(host, fn.name, definition, before, undo, commit);
    const deployed = { plan: fn, fingerprint, codeDir, environment };
    setEntry(state.functions, fn.key, deployed, undo);
    if (before) commit.push(() => dropCode(before, codeDir));
  }
  const wanted = new Set(plan.functions.map((f) => f.key));
  for (const [key, deployed] of state.functions) {
    if (wanted.has(key)) continue;
    commit.push(async () => {
      state.functions.delete(key);
      await host.lambda.deleteFunction(deployed.plan.name);
      await dropCode(deployed);
    });
  }
}

async function codeDirOf(fn: FunctionPlan, undo: Step[]): Promise<string> {
  if (fn.code.kind === 'directory') return fn.code.directory;
  const directory = await writeInlineCode(fn.code.source);
  undo.push(() => removeInlineCode(directory));
  return directory;
}

async function dropCode(deployed: DeployedFunction, keep?: string) {
  if (deployed.plan.code.kind !== 'inline' || deployed.codeDir === keep) {
    return;
  }
  await removeInlineCode(deployed.codeDir);
}

async function putFunction(
  host: AssemblyHost,
  name: string,
  definition: Omit<FunctionDefinition, 'name'>,
  before: DeployedFunction | undefined,
  undo: Step[],
  commit: Step[],
): Promise<void> {
  if (before && before.plan.name === name) {
    await host.lambda.updateFunction(name, definition);
    const previous = before.plan;
    undo.push(() =>
      host.lambda.updateFunction(name, {
        codeDir: before.codeDir,
        environment: before.environment,
        handler: previous.handler,
        runtime: previous.runtime,
        timeout: previous.timeout,
        memorySize: previous.memorySize,
        reservedConcurrency: previous.reservedConcurrency,
      }),
    );
    return;
  }
  await host.lambda.createFunction({ name, ...definition });
  undo.push(() => host.lambda.deleteFunction(name));
  if (before) commit.push(() => host.lambda.deleteFunction(before.plan.name));
}

function describe(
  plan: DeployPlan,
  state: State,
  rewrites: UrlRewrite[],
): RunningApp {
  const apis: RunningApp['apis'] = [...state.apis.values()].map((api) => ({
    stack: api.plan.stackName,
    logicalId: api.plan.logicalId,
    type: api.plan.type,
    url: apiUrl(api),
  }));
  for (const socket of state.webSockets.values()) {
    apis.push({
      stack: socket.plan.stackName,
      logicalId: socket.plan.logicalId,
      type: 'WEBSOCKET',
      url: socket.url,
      managementUrl: socket.managementUrl,
    });
  }
  const functions = [...state.functions.values()].map(({ plan: fn }) => ({
    name: fn.name,
    arn: fn.arn,
    stack: fn.stackName,
    logicalId: fn.logicalId,
    constructPath: fn.constructPath,
    live: fn.live,
  }));
  const outputs = rewriteUrls(plan.outputs, rewrites);
  return { apis, functions, outputs, warnings: plan.warnings };
}

function apiUrl(api: ServedApi): string {
  const stage = api.plan.config.stageName;
  const path =
    api.plan.type === 'HTTP' && stage === '$default' ? '' : `${stage}/`;
  return `http://127.0.0.1:${api.port}/${path}`;
}

async function stopAll(host: AssemblyHost, state: State): Promise<void> {
  const servers = [...state.apis.values(), ...state.webSockets.values()];
  await Promise.all(servers.map((server) => server.stop().catch(() => {})));
  for (const deployed of state.functions.values()) {
    await host.lambda.deleteFunction(deployed.plan.name).catch(() => {});
    await dropCode(deployed);
  }
  state.apis.clear();
  state.webSockets.clear();
  state.functions.clear();
  state.tables.clear();
  state.buckets.clear();
}
