import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  createLambdaService,
  createWebSocketApi,
  type LambdaService,
  startDynamoDb,
  startS3,
  type WebSocketRoute,
} from '@tether/local-cloud';
import { startReadCounter } from './read-counter.js';
import { TestSocket } from './test-socket.js';

export const CREDENTIALS = Object.freeze({
  accessKeyId: 'AKIDTETHERTEST',
  secretAccessKey: 'tether-test-secret',
});
export const REGION = 'us-east-1';
export const TABLE = 'tether-relay';
export const BUCKET = 'tether-payloads';
export const STAGE = 'dev';

const PACKAGES = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The built assets, as the debug stack deploys them. */
export const ASSET_DIRS = Object.freeze({
  relay: join(PACKAGES, 'relay/dist/asset'),
  stub: join(PACKAGES, 'stub/dist/asset'),
});

const RELAY = { integration: 'lambda', functionName: 'tether-relay' } as const;
const ROUTES: Record<string, WebSocketRoute> = {
  $connect: RELAY,
  $disconnect: RELAY,
  $default: RELAY,
  register: RELAY,
  invoke: RELAY,
  resume: RELAY,
  ack: RELAY,
  result: RELAY,
  error: RELAY,
  ping: { integration: 'mock' },
};

/**
 * local-cloud with the debug stack's parts: DynamoDB with the relay's
 * table, S3 with the payload bucket, the relay asset as a Lambda function
 * behind an IAM-authorized WebSocket API.
 */
export interface LocalStack {
  url: string;
  managementUrl: string;
  lambda: LambdaService;
  s3Endpoint: string;
  /** A client of the relay's table. */
  table: DynamoDBClient;
  /** Table reads the relay made, by operation. */
  reads: string[];
  open(kind: string): Promise<TestSocket>;
  stop(): Promise<void>;
}

/** Stands the stack up on ephemeral loopback ports. */
export async function startLocalStack(): Promise<LocalStack> {
  const directory = await mkdtemp(join(tmpdir(), 'tether-local-'));
  const credentials = { ...CREDENTIALS };
  const dynamodb = await startDynamoDb();
  const counter = await startReadCounter(dynamodb.endpoint);
  const s3 = await startS3({ credentials, directory, buckets: [BUCKET] });
  const client = new DynamoDBClient({
    endpoint: dynamodb.endpoint,
    region: REGION,
    credentials,
  });
  await createRelayTable(client, TABLE);
  const lambda = await createLambdaService({
    credentials,
    region: REGION,
    environment: {
      AWS_ENDPOINT_URL_DYNAMODB: counter.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
    },
  });
  await lambda.createFunction({
    name: 'tether-relay',
    codeDir: ASSET_DIRS.relay,
    handler: 'index.handler',
    environment: { TETHER_TABLE: TABLE },
    timeout: 30,
  });
  const api = await createWebSocketApi({
    invoker: lambda,
    credentials,
    region: REGION,
    authorization: 'AWS_IAM',
    stage: STAGE,
    routes: ROUTES,
  });
  const sockets: TestSocket[] = [];
  return {
    url: api.url,
    managementUrl: api.managementUrl,
    lambda,
    s3Endpoint: s3.endpoint,
    table: client,
    reads: counter.reads,
    async open(kind) {
      const socket = await TestSocket.open(api.url, kind);
      sockets.push(socket);
      return socket;
    },
    async stop() {
      for (const socket of sockets) socket.close();
      await api.stop();
      await lambda.stop();
      client.destroy();
      await counter.stop();
      await s3.stop();
      await dynamodb.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** The relay's table as the debug stack declares it. */
async function createRelayTable(
  client: DynamoDBClient,
  table: string,
): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  // dynalite has no TTL: the call documents the table, and may fail.
  await client
    .send(
      new UpdateTimeToLiveCommand({
        TableName: table,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    )
    .catch(() => {});
}
