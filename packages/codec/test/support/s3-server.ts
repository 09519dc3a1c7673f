import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll } from 'vitest';
import { S3PayloadStore } from '../../src/s3/index.js';

/** A running s3rver on an ephemeral loopback port, with one bucket. */
export interface S3Server {
  bucket: string;
  endpoint: string;
  client: S3Client;
  stop(): Promise<void>;
}

export async function startS3Server(bucket = 'tether-payloads') {
  const directory = await mkdtemp(path.join(tmpdir(), 'codec-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const address = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const stop = async () => {
    client.destroy();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  };
  return { bucket, endpoint, client, stop } satisfies S3Server;
}

/** Context filled by {@link useS3Store} once its server runs. */
export interface S3StoreContext {
  s3: S3Server;
  store: S3PayloadStore;
  exists(key: string): Promise<boolean>;
}

/**
 * Starts s3rver before the file's tests and stops it after them; returns
 * the context they read.
 */
export function useS3Store(): S3StoreContext {
  const context = {
    exists: (key: string) =>
      context.s3.client
        .send(new HeadObjectCommand({ Bucket: context.s3.bucket, Key: key }))
        .then(
          () => true,
          () => false,
        ),
  } as S3StoreContext;
  beforeAll(async () => {
    context.s3 = await startS3Server();
    const { client, bucket } = context.s3;
    context.store = new S3PayloadStore({ client, bucket });
  });
  afterAll(async () => {
    await context.s3?.stop();
  });
  return context;
}
