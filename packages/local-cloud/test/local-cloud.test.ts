import { existsSync } from 'node:fs';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  GetObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalCloud,
  type LocalCloudOptions,
  startLocalCloud,
} from '../src/index.js';
import { presignUrl } from './helpers/presign.js';
import { closed, collect, openSocket } from './helpers/sockets.js';

// Writes what it got to DynamoDB and S3 through the endpoints local-cloud
// put in its environment, then answers over @connections.
const worker = `
const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
const api = require('@aws-sdk/client-apigatewaymanagementapi');
exports.handler = async (event) => {
  const c = event.requestContext;
  const body = JSON.parse(event.body);
  await new DynamoDBClient({}).send(new PutItemCommand({ TableName: 'seen',
    Item: { id: { S: body.id } } }));
  await new S3Client({}).send(new PutObjectCommand({ Bucket: 'box',
    Key: body.id, Body: event.body }));
  const client = new api.ApiGatewayManagementApiClient({
    endpoint: 'http://' + c.domainName + '/' + c.stage });
  await client.send(new api.PostToConnectionCommand({
    ConnectionId: c.connectionId, Data: 'done ' + body.id }));
  return { statusCode: 200 };
};`;

function freePort(): Promise<number> {
  const server = createServer();
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function childPids(): Promise<number[]> {
  return readdir('/proc').then(async (entries) => {
    const pids: number[] = [];
    for (const entry of entries.filter((name) => /^\d+$/.test(name))) {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(
        () => '',
      );
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) {
        pids.push(Number(entry));
      }
    }
    return pids;
  });
}

async function refusesConnections(url: string): Promise<boolean> {
  try {
    await fetch(url.replace(/^ws/, 'http'));
    return false;
  } catch (error) {
    return (
      (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED'
    );
  }
}

describe('startLocalCloud', () => {
  let code: string;
  let cloud: LocalCloud;

  beforeAll(async () => {
    code = await mkdtemp(join(tmpdir(), 'local-cloud-code-'));
    await mkdir(join(code, 'worker'));
    await writeFile(join(code, 'worker', 'index.js'), worker);
    cloud = await startLocalCloud({ region: 'eu-west-1' });
  });

  afterAll(async () => {
    await cloud.stop();
    await rm(code, { recursive: true, force: true });
  });

  it('runs a WebSocket route through Lambda, DynamoDB, S3 and @connections', async () => {
    const { region, credentials } = cloud;
    const dynamodb = new DynamoDBClient({
      endpoint: cloud.endpoints.dynamodb,
      region,
      credentials,
    });
    const s3 = new S3Client({
      endpoint: cloud.endpoints.s3,
      region,
      credentials,
    });
    await dynamodb.send(
      new CreateTableCommand({
        TableName: 'seen',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'box' }));
    await cloud.lambda.createFunction({
      name: 'worker',
      codeDir: join(code, 'worker'),
      handler: 'index.handler',
      timeout: 10,
    });
    const api = await cloud.apigateway.createWebSocketApi({
      authorization: 'AWS_IAM',
      stage: 'dev',
      routes: { work: { integration: 'lambda', functionName: 'worker' } },
    });
    const url = await presignUrl(api.url, { credentials, region });
    const socket = await openSocket(url);
    const next = collect(socket);

    socket.send(JSON.stringify({ action: 'work', id: 'w1' }));
    const answer = await next();

    expect(answer).toBe('done w1');
    const item = await dynamodb.send(
      new GetItemCommand({ TableName: 'seen', Key: { id: { S: 'w1' } } }),
    );
    expect(item.Item).toEqual({ id: { S: 'w1' } });
    const object = await s3.send(
      new GetObjectCommand({ Bucket: 'box', Key: 'w1' }),
    );
    expect(
      JSON.parse((await object.Body?.transformToString()) ?? ''),
    ).toMatchObject({
      id: 'w1',
    });
    socket.terminate();
    dynamodb.destroy();
    s3.destroy();
  });

  it('posts with the SDK from outside through the management URL', async () => {
    const api = await cloud.apigateway.createWebSocketApi({ routes: {} });
    const socket = await openSocket(api.url);
    const next = collect(socket);
    const client = new ApiGatewayManagementApiClient({
      endpoint: api.managementUrl,
      region: cloud.region,
      credentials: cloud.credentials,
    });

    await client.send(
      new PostToConnectionCommand({
        ConnectionId: api.connectionIds()[0],
        Data: 'hi',
      }),
    );

    expect(await next()).toBe('hi');
    socket.terminate();
    client.destroy();
  });

  it('refuses new APIs once stopped, and stops only once', async () => {
    const other = await startLocalCloud();
    await other.stop();

    const create = other.apigateway.createWebSocketApi({ routes: {} });

    await expect(create).rejects.toMatchObject({ code: 'STOPPED' });
    await expect(other.stop()).resolves.toBeUndefined();
  });

  it('serves the Lambda Invoke endpoint on the port asked for', async () => {
    const port = await freePort();

    const other = await startLocalCloud({ port });

    await other.stop();
    expect(other.endpoints.lambda).toBe(`http://127.0.0.1:${port}`);
  });

  it.each([
    ['an account id of 2 digits', { accountId: '42' }],
    ['a logger without debug', { logger: { warn: () => {} } }],
    ['a port over 65535', { port: 65536 }],
    ['a cap of 0 environments', { maxEnvironmentsPerFunction: 0 }],
  ])('rejects %s with INVALID_OPTIONS', async (_name, options) => {
    const start = startLocalCloud(options as LocalCloudOptions);

    await expect(start).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });

  it('refuses a persistDir that is a file with START_FAILED', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'local-cloud-file-'));
    const file = join(folder, 'not-a-directory');
    await writeFile(file, '');

    const start = startLocalCloud({ persistDir: file });

    await expect(start).rejects.toMatchObject({ code: 'START_FAILED' });
    await rm(folder, { recursive: true, force: true });
  });
});

describe('LocalCloud.stop', () => {
  it('leaves no listening port, process or temporary directory', async () => {
    const before = await childPids();
    const cloud = await startLocalCloud();
    const code = await mkdtemp(join(tmpdir(), 'local-cloud-code-'));
    await writeFile(
      join(code, 'index.js'),
      'exports.handler = async () => ({ statusCode: 200 });',
    );
    await cloud.lambda.createFunction({
      name: 'noop',
      codeDir: code,
      handler: 'index.handler',
    });
    const api = await cloud.apigateway.createWebSocketApi({
      routes: { $connect: { integration: 'lambda', functionName: 'noop' } },
    });
    const socket = await openSocket(api.url);
    const close = closed(socket);
    const running = await childPids();

    await cloud.stop();

    expect(running.length).toBeGreaterThan(before.length);
    expect((await close).code).toBe(1001);
    const urls = [api.url, ...Object.values(cloud.endpoints)];
    const refused = await Promise.all(urls.map(refusesConnections));
    expect(refused).toEqual(urls.map(() => true));
    expect(existsSync(cloud.dataDir)).toBe(false);
    expect(await childPids()).toEqual(before);
    await rm(code, { recursive: true, force: true });
  });

  it('stops the rest and throws STOP_FAILED when a managed resource never stops', async () => {
    const cloud = await startLocalCloud();
    cloud.manage({ stop: () => new Promise<void>(() => {}) });
    cloud.manage({
      stop: () => Promise.reject(new Error('resource failed')),
    });

    const stopping = cloud.stop();

    await expect(stopping).rejects.toMatchObject({ code: 'STOP_FAILED' });
    expect(existsSync(cloud.dataDir)).toBe(false);
    expect(await refusesConnections(cloud.endpoints.lambda)).toBe(true);
  }, 20_000);

  it('keeps data in persistDir across runs', async () => {
    const persistDir = await mkdtemp(join(tmpdir(), 'local-cloud-persist-'));
    const first = await startLocalCloud({ persistDir });
    const client = () =>
      new S3Client({
        endpoint: first.endpoints.s3,
        region: first.region,
        credentials: first.credentials,
      });
    await client().send(new CreateBucketCommand({ Bucket: 'kept' }));
    await first.stop();

    const second = await startLocalCloud({ persistDir });
    const s3 = new S3Client({
      endpoint: second.endpoints.s3,
      region: second.region,
      credentials: second.credentials,
    });
    const buckets = await s3.send(
      new (await import('@aws-sdk/client-s3')).ListBucketsCommand({}),
    );

    expect(buckets.Buckets?.map((bucket) => bucket.Name)).toEqual(['kept']);
    await second.stop();
    expect(existsSync(persistDir)).toBe(true);
    await rm(persistDir, { recursive: true, force: true });
  });
});
