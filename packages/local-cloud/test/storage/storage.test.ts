import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDb, startS3 } from '../../src/index.js';

const credentials = { accessKeyId: 'AKIDSTORAGE', secretAccessKey: 'secret' };
const region = 'us-east-1';

function dynamoClient(endpoint: string) {
  return new DynamoDBClient({ endpoint, region, credentials });
}

const table = {
  TableName: 'items',
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' as const }],
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' as const }],
  BillingMode: 'PAY_PER_REQUEST' as const,
};

describe('startDynamoDb', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'local-cloud-dynamodb-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('serves DynamoDB to the SDK client, in memory', async () => {
    const dynamodb = await startDynamoDb();
    const client = dynamoClient(dynamodb.endpoint);

    await client.send(new CreateTableCommand(table));
    await client.send(
      new PutItemCommand({ TableName: 'items', Item: { id: { S: 'a' } } }),
    );
    const got = await client.send(
      new GetItemCommand({ TableName: 'items', Key: { id: { S: 'a' } } }),
    );

    expect(got.Item).toEqual({ id: { S: 'a' } });
    client.destroy();
    await dynamodb.stop();
  });

  it('keeps tables in a directory across restarts when asked', async () => {
    const first = await startDynamoDb({ directory });
    const client = dynamoClient(first.endpoint);
    await client.send(new CreateTableCommand(table));
    client.destroy();
    await first.stop();

    const second = await startDynamoDb({ directory });
    const again = dynamoClient(second.endpoint);
    const tables = await again.send(new ListTablesCommand({}));

    expect(tables.TableNames).toEqual(['items']);
    again.destroy();
    await second.stop();
  });

  it('refuses connections once stopped', async () => {
    const dynamodb = await startDynamoDb();
    await dynamodb.stop();

    const request = fetch(dynamodb.endpoint);

    await expect(request).rejects.toMatchObject({
      cause: { code: 'ECONNREFUSED' },
    });
  });
});

describe('startS3', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'local-cloud-s3-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('serves S3 to the SDK client with the configured credentials', async () => {
    const s3 = await startS3({ credentials, directory, buckets: ['box'] });
    const client = new S3Client({ endpoint: s3.endpoint, region, credentials });

    await client.send(
      new PutObjectCommand({ Bucket: 'box', Key: 'k', Body: 'hello' }),
    );
    const got = await client.send(
      new GetObjectCommand({ Bucket: 'box', Key: 'k' }),
    );

    expect(await got.Body?.transformToString()).toBe('hello');
    client.destroy();
    await s3.stop();
  });

  it('refuses a request signed with another secret', async () => {
    const s3 = await startS3({ credentials, directory, buckets: ['box'] });
    const client = new S3Client({
      endpoint: s3.endpoint,
      region,
      credentials: { ...credentials, secretAccessKey: 'wrong' },
    });

    const put = client.send(
      new PutObjectCommand({ Bucket: 'box', Key: 'k', Body: 'x' }),
    );

    await expect(put).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
    client.destroy();
    await s3.stop();
  });

  it('serves presigned PUT and GET URLs', async () => {
    const s3 = await startS3({ credentials, directory, buckets: ['box'] });
    const client = new S3Client({ endpoint: s3.endpoint, region, credentials });
    const put = await getSignedUrl(
      client,
      new PutObjectCommand({ Bucket: 'box', Key: 'p' }),
    );
    const get = await getSignedUrl(
      client,
      new GetObjectCommand({ Bucket: 'box', Key: 'p' }),
    );

    const stored = await fetch(put, { method: 'PUT', body: 'presigned' });
    const read = await fetch(get);

    expect(stored.status).toBe(200);
    expect(await read.text()).toBe('presigned');
    client.destroy();
    await s3.stop();
  });

  it('refuses a presigned URL whose key was changed', async () => {
    const s3 = await startS3({ credentials, directory, buckets: ['box'] });
    const client = new S3Client({ endpoint: s3.endpoint, region, credentials });
    const get = await getSignedUrl(
      client,
      new GetObjectCommand({ Bucket: 'box', Key: 'p' }),
    );

    const read = await fetch(get.replace('/box/p?', '/box/q?'));

    expect(read.status).toBe(403);
    expect(await read.text()).toMatch(/<Code>SignatureDoesNotMatch</);
    client.destroy();
    await s3.stop();
  });

  it('refuses an unsigned request with AccessDenied', async () => {
    const s3 = await startS3({ credentials, directory, buckets: ['box'] });

    const read = await fetch(`${s3.endpoint}/box/p`);

    expect(read.status).toBe(403);
    expect(await read.text()).toMatch(/<Code>AccessDenied</);
    await s3.stop();
  });
});
