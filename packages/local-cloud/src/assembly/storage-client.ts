import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { AssemblyHost } from './host.js';

/** Creates and deletes the tables and buckets of an assembly. */
export interface StorageClient {
  createTable(definition: Record<string, unknown>): Promise<void>;
  deleteTable(name: string): Promise<void>;
  createBucket(name: string): Promise<void>;
  /** Deletes an empty bucket; a bucket still holding objects is kept. */
  deleteBucket(name: string): Promise<void>;
  close(): void;
}

/**
 * The AWS SDK v3 clients for the host's dynalite and s3rver, signing with
 * the host's credentials.
 */
export function createStorageClient(host: AssemblyHost): StorageClient {
  // The SDK marks the credentials object it is given, so it gets a copy.
  const common = { region: host.region, credentials: { ...host.credentials } };
  const dynamodb = new DynamoDBClient({
    ...common,
    endpoint: host.endpoints.dynamodb,
  });
  const s3 = new S3Client({
    ...common,
    endpoint: host.endpoints.s3,
    forcePathStyle: true,
  });
  return {
    async createTable(definition) {
      const input = definition as unknown as CreateTableCommandInput;
      try {
        await dynamodb.send(new CreateTableCommand(input));
      } catch (error) {
        // A table kept from an earlier deploy (or a persisted directory).
        if (!(error instanceof ResourceInUseException)) throw error;
      }
    },
    async deleteTable(name) {
      await dynamodb.send(new DeleteTableCommand({ TableName: name }));
    },
    async createBucket(name) {
      try {
        await s3.send(new CreateBucketCommand({ Bucket: name }));
      } catch (error) {
        // Kept from an earlier deploy or run (s3rver says AlreadyExists).
        const code = (error as Error).name;
        const kept = ['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'];
        if (!kept.includes(code)) throw error;
      }
    },
    async deleteBucket(name) {
      await s3.send(new DeleteBucketCommand({ Bucket: name })).catch(() => {});
    },
    close() {
      dynamodb.destroy();
      s3.destroy();
    },
  };
}
