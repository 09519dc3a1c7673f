import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import {
  CreateTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  createWebSocketApi,
  type LambdaService,
  startLocalCloud,
  type WebSocketRoute,
} from '@tether/local-cloud';
import { startReadCounter } from './read-counter.js';
import { TestSocket } from './test-socket.js';

const require = createRequire(import.meta.url);

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
  /**
   * A second WebSocket API on this local cloud whose integrations run the
   * relay asset's handler in this process instead of in Lambda
   * environments (one child process per concurrent invocation).
   */
  inProcessRelayUrl(): Promise<string>;
  /**
   * A WebSocket API whose integrations run one of two in-process relays
   * (two warm execution environments with caches of their own) on the
   * table `table`, the one `choose` picks for each event.
   */
  relayPair(table: string): Promise<RelayPair>;
  /** Table reads the relay made, by operation. */
  reads: string[];
  /** A signed client of `kind` on the API at `url` (the Lambda relay's). */
  open(kind: string, url?: string): Promise<TestSocket>;
  stop(): Promise<void>;
}

/** The event fields a test picks a relay by. */
export interface RelayEvent {
  requestContext: { routeKey: string; connectionId: string };
  body?: string;
}

/** Two warm relays behind one API; `choose` may wait to hold an event. */
export interface RelayPair {
  url: string;
  choose: (event: RelayEvent) => Promise<number> | number;
  /** Called once a relay has handled an event. */
  handled?: (event: RelayEvent) => void;
}

/** Stands the stack up on local-cloud, on ephemeral loopback ports. */
export async function startLocalStack(): Promise<LocalStack> {
  const cloud = await startLocalCloud({
    region: REGION,
    credentials: { ...CREDENTIALS },
  });
  const credentials = { ...CREDENTIALS };
  const counter = cloud.manage(
    await startReadCounter(cloud.endpoints.dynamodb),
  );
  const client = new DynamoDBClient({
    endpoint: cloud.endpoints.dynamodb,
    region: REGION,
    credentials,
  });
  await createRelayTable(client, TABLE);
  const s3 = new S3Client({
    endpoint: cloud.endpoints.s3,
    region: REGION,
    credentials,
    forcePathStyle: true,
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  s3.destroy();
  await cloud.lambda.createFunction({
    name: 'tether-relay',
    codeDir: ASSET_DIRS.relay,
    handler: 'index.handler',
    // Through the counter, so the tests see the relay's table reads.
    environment: {
      TETHER_TABLE: TABLE,
      AWS_ENDPOINT_URL_DYNAMODB: counter.endpoint,
    },
    timeout: 30,
  });
  const api = await cloud.apigateway.createWebSocketApi({
    authorization: 'AWS_IAM',
    stage: STAGE,
    routes: ROUTES,
  });
  const sockets: TestSocket[] = [];
  let inProcess: Promise<string> | undefined;
  let pair: RelayPair | undefined;
  const startInProcess = async (
    table: string,
    count: number,
    choose: (event: RelayEvent) => Promise<number> | number,
  ): Promise<string> => {
    const relay = require(join(ASSET_DIRS.relay, 'index.js'));
    // A table of its own: the APIs' connection ids must not meet.
    await createRelayTable(client, table);
    const handlers = Array.from({ length: count }, () =>
      relay.createRelayHandler({
        tableName: table,
        // Through the counter too.
        dynamodb: new DynamoDBClient({
          endpoint: counter.endpoint,
          region: REGION,
          credentials: { ...CREDENTIALS },
        }),
        managementClient: (endpoint: string) =>
          new ApiGatewayManagementApiClient({
            endpoint,
            region: REGION,
            credentials: { ...CREDENTIALS },
          }),
      }),
    );
    const started = await createWebSocketApi({
      invoker: {
        invoke: async (_name, event) => {
          const which = await choose(event as RelayEvent);
          const result = await handlers[which](event);
          pair?.handled?.(event as RelayEvent);
          return { ok: true, result };
        },
      },
      credentials: { ...CREDENTIALS },
      region: REGION,
      authorization: 'AWS_IAM',
      stage: STAGE,
      routes: ROUTES,
    });
    cloud.manage(started);
    return started.url;
  };
  return {
    url: api.url,
    managementUrl: api.managementUrl,
    lambda: cloud.lambda,
    s3Endpoint: cloud.endpoints.s3,
    table: client,
    reads: counter.reads,
    inProcessRelayUrl() {
      inProcess ??= startInProcess(`${TABLE}-in-process`, 1, () => 0);
      return inProcess;
    },
    async relayPair(table) {
      const made: RelayPair = { url: '', choose: () => 0 };
      pair = made;
      made.url = await startInProcess(table, 2, (event) => made.choose(event));
      return made;
    },
    async open(kind, url = api.url) {
      const socket = await TestSocket.open(url, kind);
      sockets.push(socket);
      return socket;
    },
    async stop() {
      for (const socket of sockets) socket.close();
      client.destroy();
      await cloud.stop();
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
