import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { InvokeOutcome } from '@tether/local-cloud';
import {
  ASSET_DIRS,
  BUCKET,
  CREDENTIALS,
  REGION,
  STAGE,
  startLocalStack,
} from '../../../relay/test/support/local-stack.js';
import { type Behaviour, TestRunner } from './test-runner.js';

export const APP = 'stub-test';

/** The whole chain: stub → relay → test runner → relay → stub. */
export interface Chain {
  relayUrl: string;
  /**
   * Invokes a stub function through local-cloud's Lambda: `patient` has
   * a 200 s timeout and long waits, `strict` a 3 s timeout and gives up
   * after 1 s without an ack or a heartbeat.
   */
  invoke(event: unknown, stub?: 'patient' | 'strict'): Promise<InvokeOutcome>;
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
      // 100 concurrent invocations start 100 stub and as many relay
      // processes on a 2-core machine: waits far above AWS's.
      TETHER_CONNECT_TIMEOUT_MS: '150000',
      TETHER_ACK_TIMEOUT_MS: '150000',
      TETHER_HEARTBEAT_TIMEOUT_MS: '150000',
    },
    timeout: 200,
  });
  await stack.lambda.createFunction({
    name: 'strict',
    codeDir: ASSET_DIRS.stub,
    handler: 'index.handler',
    environment: {
      ...environment,
      TETHER_ACK_TIMEOUT_MS: '1000',
      TETHER_HEARTBEAT_TIMEOUT_MS: '1000',
    },
    timeout: 3,
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
  const runners: TestRunner[] = [];
  return {
    relayUrl: stack.url,
    invoke: (event, stub = 'patient') => stack.lambda.invoke(stub, event),
    async startRunner(behaviour) {
      const runner = await TestRunner.start(stack.url, APP, STAGE, behaviour);
      runners.push(runner);
      return runner;
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
      for (const runner of runners) runner.close();
      s3.destroy();
      management.destroy();
      await stack.stop();
    },
  };
}
