import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { InvokeOutcome } from '@tether/local-cloud';
import {
  ASSET_DIRS,
  BUCKET,
  CREDENTIALS,
  REGION,
  STAGE,
  startLocalStack,
  TABLE,
} from '../../../relay/test/support/local-stack.js';
import { type Behaviour, TestRunner } from './test-runner.js';

const require = createRequire(import.meta.url);

export const APP = 'stub-test';

/** The whole chain: stub → relay → test runner → relay → stub. */
export interface Chain {
  relayUrl: string;
  /**
   * Invokes a stub function through local-cloud's Lambda: `patient` has
   * a 60 s timeout and long waits, `strict` a 6 s timeout and gives up
   * after 3 s without a first ack or 1 s without a heartbeat.
   */
  invoke(event: unknown, stub?: 'patient' | 'strict'): Promise<InvokeOutcome>;
  /**
   * `count` instances of the stub asset's handler in this process, as
   * many execution environments would hold, each with its own connection,
   * on a WebSocket API whose relay runs in this process too.
   */
  environments(
    count: number,
    options?: Record<string, unknown>,
  ): Promise<StubEnvironment[]>;
  /** A test runner on the relay (`inProcess`: the environments' relay). */
  startRunner(behaviour: Behaviour, inProcess?: boolean): Promise<TestRunner>;
  /**
   * Registers, straight in the in-process relay's table, a runner whose
   * connection does not exist.
   */
  registerGhostRunner(): Promise<void>;
  /** Closes a connection from the API's side (@connections DELETE). */
  dropConnection(connectionId: string): Promise<void>;
  /** Keys left in the payload bucket. */
  leftovers(): Promise<string[]>;
  stop(): Promise<void>;
}

/** One execution environment's stub: invoke it as Lambda would. */
export type StubEnvironment = (event: unknown) => Promise<InvokeOutcome>;

/** The settings the stub gets, as the debug stack would set them. */
export const STUB_ENV = Object.freeze({
  TETHER_APP: APP,
  TETHER_STAGE: STAGE,
  TETHER_FUNCTION_ID: 'Api/Echo',
  TETHER_BUCKET: BUCKET,
  USER_SETTING: 'kept',
});

/**
 * Stands up the chain on local-cloud, with the stub asset behind two
 * Lambda functions.
 */
export async function startChain(): Promise<Chain> {
  const stack = await startLocalStack();
  const environment = { ...STUB_ENV, TETHER_RELAY_URL: stack.url };
  await stack.lambda.createFunction({
    name: 'patient',
    codeDir: ASSET_DIRS.stub,
    handler: 'index.handler',
    environment: {
      ...environment,
      // A busy 2-core machine starts environments slowly: waits well
      // above AWS's, below the test timeout.
      TETHER_CONNECT_TIMEOUT_MS: '20000',
      TETHER_ACK_TIMEOUT_MS: '20000',
      TETHER_HEARTBEAT_TIMEOUT_MS: '20000',
    },
    timeout: 60,
  });
  await stack.lambda.createFunction({
    name: 'strict',
    codeDir: ASSET_DIRS.stub,
    handler: 'index.handler',
    environment: {
      ...environment,
      TETHER_ACK_TIMEOUT_MS: '3000',
      TETHER_HEARTBEAT_TIMEOUT_MS: '1000',
    },
    timeout: 6,
  });
  const credentials = { ...CREDENTIALS };
  const s3 = new S3Client({
    endpoint: stack.s3Endpoint,
    region: REGION,
    credentials,
    forcePathStyle: true,
  });
  const management = new ApiGatewayManagementApiClient({
    endpoint: stack.managementUrl,
    region: REGION,
    credentials,
  });
  const runners: { runner: TestRunner; url: string }[] = [];
  const inProcessUrl = () => stack.inProcessRelayUrl();
  return {
    relayUrl: stack.url,
    invoke: (event, stub = 'patient') => stack.lambda.invoke(stub, event),
    async environments(count, overrides = {}) {
      const { createStubHandler } = require(join(ASSET_DIRS.stub, 'index.js'));
      const options = {
        relayUrl: await inProcessUrl(),
        app: APP,
        stage: STAGE,
        functionId: STUB_ENV.TETHER_FUNCTION_ID,
        bucket: BUCKET,
        s3Endpoint: stack.s3Endpoint,
        region: REGION,
        credentials: { ...CREDENTIALS },
        env: { ...STUB_ENV },
        connectTimeoutMs: 60_000,
        ackTimeoutMs: 60_000,
        heartbeatTimeoutMs: 60_000,
        ...overrides,
      };
      return Array.from({ length: count }, () => {
        const handler = createStubHandler(options);
        return (event: unknown) => invokeLikeLambda(handler, event);
      });
    },
    async startRunner(behaviour, inProcess = false) {
      const url = inProcess ? await inProcessUrl() : stack.url;
      const runner = await TestRunner.start(url, APP, STAGE, behaviour);
      // The runners it replaced are evicted: each test starts once they
      // are gone, so no invocation of it can reach them.
      for (const earlier of runners.filter((each) => each.url === url)) {
        await earlier.runner.socket.closedByPeer(20_000);
      }
      runners.push({ runner, url });
      return runner;
    },
    async registerGhostRunner() {
      const now = Date.now();
      await stack.table.send(
        new PutItemCommand({
          TableName: `${TABLE}-in-process`,
          Item: {
            pk: { S: `runner#${APP}#${STAGE}` },
            app: { S: APP },
            stage: { S: STAGE },
            runner: { S: randomUUID() },
            connectionId: { S: 'ghost=' },
            functions: { L: [] },
            registeredAt: { N: String(now) },
            expiresAt: { N: String(Math.ceil(now / 1000) + 60) },
          },
        }),
      );
    },
    async dropConnection(connectionId) {
      await management.send(
        new DeleteConnectionCommand({ ConnectionId: connectionId }),
      );
    },
    async leftovers() {
      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: BUCKET }),
      );
      return (listed.Contents ?? []).map((object) => object.Key ?? '');
    },
    async stop() {
      for (const { runner } of runners) runner.close();
      s3.destroy();
      management.destroy();
      await stack.stop();
    },
  };
}

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/** Calls a handler with a Lambda context, and shapes its outcome as Lambda. */
async function invokeLikeLambda(
  handler: Handler,
  event: unknown,
): Promise<InvokeOutcome> {
  const deadline = Date.now() + 120_000;
  const context = {
    awsRequestId: randomUUID(),
    functionName: 'in-process',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:x',
    memoryLimitInMB: '128',
    logGroupName: '/aws/lambda/in-process',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  try {
    const result = await handler(event, context);
    return { ok: true, result: JSON.parse(JSON.stringify(result ?? null)) };
  } catch (error) {
    const { name, message, stack } = error as Error;
    return {
      ok: false,
      error: {
        errorType: name,
        errorMessage: message,
        trace: stack?.split('\n'),
      },
    };
  }
}
