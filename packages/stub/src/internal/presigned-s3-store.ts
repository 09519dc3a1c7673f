import type { AwsCredentialIdentity } from '@smithy/types';
import { CodecError, type PayloadStore, type SpillTarget } from '@tether/codec';
import { presignUrl } from './presign.js';

/** Where the stub spills payloads. */
export interface S3Location {
  bucket: string;
  region: string;
  /** `AWS_ENDPOINT_URL_S3`: path-style addressing when set. */
  endpoint: string | undefined;
  credentials: AwsCredentialIdentity;
  /** Life of the presigned URLs handed to the runner. */
  expiresInSeconds: number;
  requestTimeoutMs: number;
}

/**
 * The payload store of the stub: S3 reached through URLs it presigns
 * itself, so that the AWS SDK's S3 client (tens of milliseconds to load)
 * stays out of every live invocation's cold start.
 */
export class PresignedS3Store implements PayloadStore {
  readonly #location: S3Location;

  constructor(location: S3Location) {
    this.#location = location;
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    await this.#send('PUT', key, body);
  }

  async get(key: string): Promise<Uint8Array> {
    const response = await this.#send('GET', key);
    return new Uint8Array(await response.arrayBuffer());
  }

  async delete(key: string): Promise<void> {
    await this.#send('DELETE', key);
  }

  async presign(key: string): Promise<SpillTarget> {
    const [put, get, remove] = await Promise.all([
      this.#presign('PUT', key),
      this.#presign('GET', key),
      this.#presign('DELETE', key),
    ]);
    return { key, put, get, delete: remove };
  }

  async #send(
    method: 'GET' | 'PUT' | 'DELETE',
    key: string,
    body?: Uint8Array,
  ): Promise<Response> {
    const url = await this.#presign(method, key);
    let response: Response;
    try {
      const signal = AbortSignal.timeout(this.#location.requestTimeoutMs);
      response = await fetch(url, { method, body, signal });
    } catch (cause) {
      throw new CodecError('STORE_FAILED', `S3 ${method} failed`, { cause });
    }
    if (response.ok || (method === 'DELETE' && response.status === 404)) {
      return response;
    }
    await response.body?.cancel();
    const code = response.status === 404 ? 'SPILLED_OBJECT_MISSING' : null;
    const message = `S3 ${method} of ${key} answered ${response.status}`;
    throw new CodecError(code ?? 'STORE_FAILED', message);
  }

  #presign(method: 'GET' | 'PUT' | 'DELETE', key: string): Promise<string> {
    const { bucket, region, endpoint } = this.#location;
    const url =
      endpoint === undefined
        ? `https://${bucket}.s3.${region}.amazonaws.com/${key}`
        : `${endpoint.replace(/\/+$/, '')}/${bucket}/${key}`;
    return presignUrl({
      method,
      url,
      service: 's3',
      region,
      credentials: this.#location.credentials,
      expiresInSeconds: this.#location.expiresInSeconds,
    });
  }
}
