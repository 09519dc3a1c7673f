import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { LocalCredentials } from '../credentials.js';
import { LocalCloudError } from '../errors.js';
import { closeServer, LOOPBACK } from '../internal/listen.js';
import { type LocalService, stopOnce } from './local-service.js';

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  httpServer?: Server;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
interface S3rverAccounts {
  DUMMY_ACCOUNT: {
    createKeyPair(accessKeyId: string, secretAccessKey: string): void;
    revokeAccessKey(accessKeyId: string): void;
  };
}

const require = createRequire(import.meta.url);

// s3rver keeps its accepted keys in one registry per process, so a key is
// added while any instance needs it and revoked after the last one stops.
const keyUsers = new Map<string, number>();

/** Options of {@link startS3}. */
export interface S3Options {
  /** The key pair s3rver checks SigV4 signatures against. */
  readonly credentials: LocalCredentials;
  /** Where s3rver keeps buckets and objects (it always uses a directory). */
  readonly directory: string;
  /** Buckets that exist from the start. @default [] */
  readonly buckets?: readonly string[];
}

function useKey(accounts: S3rverAccounts, credentials: LocalCredentials) {
  const { accessKeyId, secretAccessKey } = credentials;
  keyUsers.set(accessKeyId, (keyUsers.get(accessKeyId) ?? 0) + 1);
  accounts.DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  return () => {
    const users = (keyUsers.get(accessKeyId) ?? 1) - 1;
    keyUsers.set(accessKeyId, users);
    // s3rver's own built-in key stays, as s3rver expects it.
    if (users === 0 && accessKeyId !== 'S3RVER') {
      accounts.DUMMY_ACCOUNT.revokeAccessKey(accessKeyId);
    }
  };
}

/**
 * Starts s3rver, an S3 API over a directory, on an ephemeral loopback port,
 * checking signatures against the given credentials.
 *
 * @throws {LocalCloudError} `START_FAILED` when s3rver cannot start.
 * @example
 * const s3 = await startS3({ credentials, directory: '/tmp/s3' });
 * const client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true,
 *   credentials, region: 'us-east-1' });
 * await s3.stop();
 */
export async function startS3(options: S3Options): Promise<LocalService> {
  const S3rver = require('s3rver') as S3rverClass;
  const accounts = require('s3rver/lib/models/account.js') as S3rverAccounts;
  const releaseKey = useKey(accounts, options.credentials);
  try {
    const s3rver = new S3rver({
      address: LOOPBACK,
      port: 0,
      silent: true,
      directory: options.directory,
      configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
    });
    const { port } = await s3rver.run();
    return {
      endpoint: `http://${LOOPBACK}:${port}`,
      stop: stopOnce(async () => {
        releaseKey();
        if (s3rver.httpServer) {
          await closeServer(s3rver.httpServer);
        }
      }),
    };
  } catch (cause) {
    releaseKey();
    throw new LocalCloudError('START_FAILED', 's3rver could not start', {
      cause,
    });
  }
}
