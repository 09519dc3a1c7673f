import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { NodeSha256 } from './node-sha256.js';

// A presigned S3 URL is signed for any body, as the AWS SDK's presigner
// does: the header selects the payload hash and is neither sent nor signed.
const CONTENT_SHA = new Set(['x-amz-content-sha256']);
const PAYLOAD_HEADERS: Record<string, Record<string, string>> = {
  s3: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  'execute-api': {},
};

/** What a presigned URL is signed for. */
export interface PresignRequest {
  method: 'GET' | 'PUT' | 'DELETE';
  url: string;
  service: 'execute-api' | 's3';
  region: string;
  credentials: AwsCredentialIdentity;
  expiresInSeconds: number;
}

/**
 * A SigV4 query-string (presigned) URL: for `execute-api`, how API
 * Gateway's IAM authorization of `$connect` accepts a WebSocket; for `s3`,
 * an object URL usable without credentials.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 */
export async function presignUrl(request: PresignRequest): Promise<string> {
  const url = new URL(request.url);
  const signer = new SignatureV4({
    service: request.service,
    region: request.region,
    credentials: request.credentials,
    sha256: NodeSha256,
    // S3 signs the path as sent; other services normalize and escape it.
    uriEscapePath: request.service !== 's3',
    applyChecksum: false,
  });
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = value;
  const signed = await signer.presign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: url.pathname,
      query,
      headers: { host: url.host, ...PAYLOAD_HEADERS[request.service] },
    },
    {
      expiresIn: request.expiresInSeconds,
      unsignableHeaders: CONTENT_SHA,
      unhoistableHeaders: CONTENT_SHA,
    },
  );
  url.search = '';
  for (const [key, value] of Object.entries(signed.query ?? {})) {
    if (typeof value === 'string') url.searchParams.append(key, value);
  }
  return url.toString();
}
