import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/** What signs the relay URL. */
export interface UrlSigner {
  credentials: AwsCredentialIdentityProvider;
  region: string;
}

// A presigned URL is only checked at $connect, so a short life suffices.
const EXPIRES_IN_SECONDS = 60;

function readQuery(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = value;
  return query;
}

/**
 * Presigns the relay's WebSocket URL with SigV4 for service
 * `execute-api`, as API Gateway's IAM authorization of `$connect` expects.
 * See https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-control-access-iam.html
 */
export async function signUrl(
  relayUrl: string,
  signer: UrlSigner,
): Promise<string> {
  const url = new URL(relayUrl);
  const sigv4 = new SignatureV4({
    service: 'execute-api',
    region: signer.region,
    credentials: signer.credentials,
    sha256: Sha256,
  });
  const signed = await sigv4.presign(
    {
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: readQuery(url),
      headers: { host: url.host },
    },
    { expiresIn: EXPIRES_IN_SECONDS },
  );
  const out = new URL(relayUrl);
  out.search = '';
  for (const [key, value] of Object.entries(signed.query ?? {})) {
    if (typeof value === 'string') out.searchParams.set(key, value);
  }
  return out.toString();
}
