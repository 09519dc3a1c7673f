import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { LocalCredentials } from '../../src/index.js';

/** Presigns a ws:// URL for `execute-api`, as a client of an IAM API does. */
export async function presignUrl(
  url: string,
  options: {
    credentials: LocalCredentials;
    region?: string;
    signingDate?: Date;
    expiresIn?: number;
  },
): Promise<string> {
  const parsed = new URL(url);
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region ?? 'us-east-1',
    service: 'execute-api',
    sha256: Sha256,
  });
  const query = Object.fromEntries(parsed.searchParams);
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: parsed.protocol,
      hostname: parsed.hostname,
      port: Number(parsed.port),
      path: parsed.pathname,
      query,
      headers: { host: parsed.host },
    },
    { signingDate: options.signingDate, expiresIn: options.expiresIn },
  );
  const search = new URLSearchParams(signed.query as Record<string, string>);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}?${search}`;
}
