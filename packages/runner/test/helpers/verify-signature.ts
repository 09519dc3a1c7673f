import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { TEST_CREDENTIALS } from './project.js';

function parseAmzDate(text: string): Date {
  const iso = text.replace(
    /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
    '$1-$2-$3T$4:$5:$6Z',
  );
  return new Date(iso);
}

/**
 * Whether an upgrade request's query carries a valid SigV4 presignature
 * for service `execute-api` with the test credentials: the request is
 * signed again with the same date and scope, and the signatures compared.
 */
export async function hasValidSignature(
  host: string,
  pathname: string,
  query: URLSearchParams,
): Promise<boolean> {
  const credential = query.get('X-Amz-Credential')?.split('/') ?? [];
  const [, , region, service] = credential;
  const date = query.get('X-Amz-Date');
  if (service !== 'execute-api' || !region || !date) return false;
  const unsigned: Record<string, string> = {};
  for (const [key, value] of query) {
    if (!key.startsWith('X-Amz-')) unsigned[key] = value;
  }
  const signer = new SignatureV4({
    service,
    region,
    credentials: TEST_CREDENTIALS,
    sha256: Sha256,
  });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'ws:',
      hostname: host.split(':')[0] ?? host,
      port: Number(host.split(':')[1]),
      path: pathname,
      query: unsigned,
      headers: { host },
    },
    {
      signingDate: parseAmzDate(date),
      expiresIn: Number(query.get('X-Amz-Expires')),
    },
  );
  return signed.query?.['X-Amz-Signature'] === query.get('X-Amz-Signature');
}
