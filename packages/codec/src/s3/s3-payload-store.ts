import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { CodecError } from '../errors.js';
import type { SpillTarget } from '../payload.js';
import type { PayloadStore } from '../payload-store.js';

/** Options of {@link S3PayloadStore}. */
export interface S3PayloadStoreOptions {
  /** The S3 client (region, credentials, endpoint are its business). */
  client: S3Client;
  /** The payload bucket. */
  bucket: string;
  /**
   * Lifetime of presigned URLs, in seconds.
   * @default 900
   */
  presignExpiresIn?: number;
}

/** The defaults of {@link S3PayloadStoreOptions}. */
export const S3_PAYLOAD_STORE_DEFAULTS = Object.freeze({
  presignExpiresIn: 900,
});

// Stored as application/gzip without Content-Encoding: a Content-Encoding
// would make fetch inflate the body before the codec's capped inflation.
const CONTENT_TYPE = 'application/gzip';

function isMissing(error: unknown): boolean {
  const { name, $metadata } = error as {
    name?: string;
    $metadata?: { httpStatusCode?: number };
  };
  if (name === 'NoSuchBucket') return false;
  return name === 'NoSuchKey' || $metadata?.httpStatusCode === 404;
}

function storeFailed(what: string, key: string, cause: unknown): CodecError {
  if (what === 'GET' && isMissing(cause)) {
    return new CodecError(
      'SPILLED_OBJECT_MISSING',
      `spilled payload ${key} is not in the bucket`,
      { cause },
    );
  }
  return new CodecError('STORE_FAILED', `S3 ${what} of ${key} failed`, {
    cause,
  });
}

/**
 * A {@link PayloadStore} on an S3 bucket (AWS SDK v3), with presigned
 * URLs for readers and writers without S3 rights.
 *
 * @example
 * ```ts
 * import { S3Client } from '@aws-sdk/client-s3';
 * import { S3PayloadStore } from '@tether/codec/s3';
 *
 * const store = new S3PayloadStore({ client: new S3Client({}), bucket });
 * const payload = await writePayload(value, { store });
 * ```
 */
export class S3PayloadStore implements PayloadStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #expiresIn: number;

  constructor(options: S3PayloadStoreOptions) {
    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#expiresIn =
      options.presignExpiresIn ?? S3_PAYLOAD_STORE_DEFAULTS.presignExpiresIn;
  }

  /** @throws {@link CodecError} `STORE_FAILED`. */
  async put(key: string, body: Uint8Array): Promise<void> {
    const input = { Bucket: this.#bucket, Key: key, Body: body };
    try {
      await this.#client.send(
        new PutObjectCommand({ ...input, ContentType: CONTENT_TYPE }),
      );
    } catch (cause) {
      throw storeFailed('PUT', key, cause);
    }
  }

  /** @throws {@link CodecError} `SPILLED_OBJECT_MISSING` or `STORE_FAILED`. */
  async get(key: string): Promise<Uint8Array> {
    try {
      const output = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: key }),
      );
      if (output.Body === undefined) return new Uint8Array(0);
      return await output.Body.transformToByteArray();
    } catch (cause) {
      throw storeFailed('GET', key, cause);
    }
  }

  /** @throws {@link CodecError} `STORE_FAILED`; a missing key is no error. */
  async delete(key: string): Promise<void> {
    try {
      await this.#client.send(
        new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }),
      );
    } catch (cause) {
      if (!isMissing(cause)) throw storeFailed('DELETE', key, cause);
    }
  }

  /** Presigned PUT, GET and DELETE URLs for `key`. */
  async presign(key: string): Promise<SpillTarget> {
    const input = { Bucket: this.#bucket, Key: key };
    const options = { expiresIn: this.#expiresIn };
    const [put, get, remove] = await Promise.all([
      getSignedUrl(this.#client, new PutObjectCommand(input), options),
      getSignedUrl(this.#client, new GetObjectCommand(input), options),
      getSignedUrl(this.#client, new DeleteObjectCommand(input), options),
    ]);
    return { key, put, get, delete: remove };
  }
}
