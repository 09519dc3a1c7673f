import { randomUUID } from 'node:crypto';
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  CREDENTIALS,
  REGION,
  startS3,
} from '../../../relay/test/support/backends.js';
import {
  STAGE,
  startRelayStack,
} from '../../../relay/test/support/relay-stack.js';
import { createStubHandler } from '../../src/index.js';
import { type Behaviour, TestRunner } from './test-runner.js';

export const APP = 'stub-test';
export const BUCKET = 'tether-payloads';

/** What a Lambda invoke answers. */
export type InvokeOutcome =
  | { ok: true; result: unknown }
  | {
      ok: false;
      error: { errorType: string; errorMessage: string; trace?: string[] };
    };

/** The whole chain: stub → relay → test runner → relay → stub. */
export interface Chain {
  relayUrl: string;
  /**
   * Invokes the stub: `patient` waits as the defaults do, `strict` gives
   * up after 1 s without an ack or a heartbeat.
   */
  invoke(
    event: unknown,
    options?: { timeoutMs?: number; stub?: 'patient' | 'strict' },
  ): Promise<InvokeOutcome>;
  startRunner(behaviour: Behaviour): Promise<TestRunner>;
  /** Closes a connection from the API's side (@connections DELETE). */
  dropConnection(connectionId: string): Promise<void>;
  /** Keys left in the payload bucket. */
  leftovers(): Promise<string[]>;
  stop(): Promise<void>;
}

/** The settings the stub gets, as the debug stack would set them. */
export const STUB_ENV = Object.freeze({
  TETHER_APP: APP,
  TETHER_STAGE: STAGE,
  TETHER_FUNCTION_ID: 'Api/Echo',
  TETHER_BUCKET: BUCKET,
  USER_SETTING: 'kept',
});

/** Stands up the chain with the stub in this process. */
export async function startChain(): Promise<Chain> {
  const relay = await startRelayStack();
  const s3 = await startS3(BUCKET);
  const env = { ...STUB_ENV, ...CREDENTIALS, AWS_REGION: REGION };
  const options = {
    relayUrl: relay.url,
    s3Endpoint: s3.endpoint,
    env,
    app: APP,
    stage: STAGE,
    functionId: STUB_ENV.TETHER_FUNCTION_ID,
    bucket: BUCKET,
    region: REGION,
    credentials: { ...CREDENTIALS },
  };
  const stubs = {
    patient: createStubHandler(options),
    strict: createStubHandler({
      ...options,
      ackTimeoutMs: 1000,
      heartbeatTimeoutMs: 1000,
    }),
  };
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: REGION,
    credentials: { ...CREDENTIALS },
    forcePathStyle: true,
  });
  const runners: TestRunner[] = [];
  return {
    relayUrl: relay.url,
    async invoke(event, { timeoutMs = 30_000, stub = 'patient' } = {}) {
      const deadline = Date.now() + timeoutMs;
      try {
        const result = await stubs[stub](event, fakeContext(deadline));
        return { ok: true, result: JSON.parse(JSON.stringify(result ?? null)) };
      } catch (error) {
        const e = error as Error;
        const trace = e.stack?.split('\n');
        return {
          ok: false,
          error: { errorType: e.name, errorMessage: e.message, trace },
        };
      }
    },
    async startRunner(behaviour) {
      const runner = await TestRunner.start(relay.url, APP, STAGE, behaviour);
      runners.push(runner);
      return runner;
    },
    async dropConnection(connectionId) {
      const management = new ApiGatewayManagementApiClient({
        endpoint: relay.url.replace(/^ws/, 'http'),
        region: REGION,
        credentials: { ...CREDENTIALS },
      });
      await management.send(
        new DeleteConnectionCommand({ ConnectionId: connectionId }),
      );
      management.destroy();
    },
    async leftovers() {
      const listed = await client.send(
        new ListObjectsV2Command({ Bucket: BUCKET }),
      );
      return (listed.Contents ?? []).map((object) => object.Key ?? '');
    },
    async stop() {
      for (const runner of runners) runner.close();
      client.destroy();
      await relay.stop();
      await s3.stop();
    },
  };
}

function fakeContext(deadline: number) {
  return {
    awsRequestId: randomUUID(),
    functionName: 'echo',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:echo',
    memoryLimitInMB: '128',
    logGroupName: '/aws/lambda/echo',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}
