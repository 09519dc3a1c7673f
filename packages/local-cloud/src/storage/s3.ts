import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createRequire } from 'node:module';
import type { LocalCredentials } from '../credentials.js';
import { LocalCloudError } from '../errors.js';
import { closeServer, LOOPBACK, listenOnLoopback } from '../internal/listen.js';
import type { SignatureExpectation } from '../sigv4/credential-scope.js';
import {
  type SignatureCheck,
  type SignatureRefusal,
  toSignedRequest,
} from '../sigv4/signed-request.js';
import { verifyPresignedRequest } from '../sigv4/verify-presigned-url.js';
import { verifySignedRequest } from '../sigv4/verify-signed-request.js';
import { type LocalService, stopOnce } from './local-service.js';

interface S3rverInstance {
  configureBuckets(): Promise<unknown>;
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
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
  /** The only key pair whose SigV4 signatures are accepted. */
  readonly credentials: LocalCredentials;
  /** Where s3rver keeps buckets and objects (it always uses a directory). */
  readonly directory: string;
  /** Checked in the credential scope. @default 'us-east-1' */
  readonly region?: string;
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

// S3's error codes for each refusal.
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
const S3_CODES: Record<SignatureRefusal, string> = {
  MISSING_SIGNATURE: 'AccessDenied',
  MALFORMED_SIGNATURE: 'AuthorizationHeaderMalformed',
  UNKNOWN_ACCESS_KEY: 'InvalidAccessKeyId',
  WRONG_SCOPE: 'AuthorizationHeaderMalformed',
  EXPIRED: 'AccessDenied',
  SIGNATURE_MISMATCH: 'SignatureDoesNotMatch',
};

function escapeXml(text: string): string {
  return text.replace(/[<>&]/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function checkSignature(
  request: IncomingMessage,
  expected: SignatureExpectation,
): Promise<SignatureCheck> {
  const signed = toSignedRequest(request);
  if (signed.query['X-Amz-Signature'] !== undefined) {
    return verifyPresignedRequest(signed, expected);
  }
  return verifySignedRequest(signed, expected);
}

/**
 * Verifies every request's SigV4 signature, then hands it to s3rver, which
 * itself only checks that the access key exists.
 */
function guard(
  handle: ReturnType<S3rverInstance['callback']>,
  expected: SignatureExpectation,
) {
  return async (request: IncomingMessage, response: ServerResponse) => {
    const check = await checkSignature(request, expected);
    if (check.ok) {
      handle(request, response);
      return;
    }
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>' +
      `${S3_CODES[check.refusal]}</Code><Message>` +
      `${escapeXml(check.message)}</Message></Error>`;
    request.resume();
    response.writeHead(403, { 'Content-Type': 'application/xml' });
    response.end(body);
  };
}

/**
 * Starts s3rver, an S3 API over a directory, on an ephemeral loopback port,
 * behind a SigV4 check (header-signed and presigned requests) against the
 * given credentials.
 *
 * @throws {LocalCloudError} `START_FAILED` when s3rver cannot start.
 * @example
 * const s3 = await startS3({ credentials, directory: '/tmp/s3' });
 * const client = new S3Client({ endpoint: s3.endpoint, credentials,
 *   region: 'us-east-1' });
 * await s3.stop();
 */
export async function startS3(options: S3Options): Promise<LocalService> {
  const S3rver = require('s3rver') as S3rverClass;
  const accounts = require('s3rver/lib/models/account.js') as S3rverAccounts;
  const releaseKey = useKey(accounts, options.credentials);
  try {
    const s3rver = new S3rver({
      silent: true,
      directory: options.directory,
      configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
    });
    await s3rver.configureBuckets();
    const expected = {
      credentials: options.credentials,
      region: options.region ?? 'us-east-1',
      service: 's3',
      s3: true,
    };
    const server = createServer(guard(s3rver.callback(), expected));
    const port = await listenOnLoopback(server);
    return {
      endpoint: `http://${LOOPBACK}:${port}`,
      stop: stopOnce(async () => {
        releaseKey();
        await closeServer(server);
      }),
    };
  } catch (cause) {
    releaseKey();
    throw new LocalCloudError('START_FAILED', 's3rver could not start', {
      cause,
    });
  }
}
