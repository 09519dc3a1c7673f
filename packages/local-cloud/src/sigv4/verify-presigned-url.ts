import { createSigner } from './create-signer.js';
import {
  CLOCK_SKEW_MS,
  checkScope,
  parseAmzDate,
  parseCredentialScope,
  pickHeaders,
  refuse,
  type SignatureExpectation,
  sameSignature,
} from './credential-scope.js';
import type { SignatureCheck, SignedRequest } from './signed-request.js';

const SHA256 = 'x-amz-content-sha256';

// The longest a presigned URL may live.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
const MAX_EXPIRES_SECONDS = 604_800;

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

/**
 * Verifies a SigV4 query-string (presigned) signature, as API Gateway does
 * for an IAM-authorized WebSocket `$connect`: the signature is recomputed
 * with the configured secret and compared.
 *
 * @example
 * const check = await verifyPresignedRequest(toSignedRequest(req), {
 *   credentials, region: 'us-east-1', service: 'execute-api' });
 */
export async function verifyPresignedRequest(
  request: SignedRequest,
  expected: SignatureExpectation,
): Promise<SignatureCheck> {
  const { query } = request;
  const signature = one(query['X-Amz-Signature']);
  if (signature === undefined) {
    return refuse('MISSING_SIGNATURE', 'Forbidden');
  }
  const scope = parseCredentialScope(one(query['X-Amz-Credential']));
  const date = parseAmzDate(one(query['X-Amz-Date']));
  const expires = Number(one(query['X-Amz-Expires']));
  const names = one(query['X-Amz-SignedHeaders'])?.split(';') ?? [];
  const headers = pickHeaders(request.headers, names);
  const wellFormed =
    one(query['X-Amz-Algorithm']) === 'AWS4-HMAC-SHA256' &&
    Number.isInteger(expires) &&
    expires > 0 &&
    expires <= MAX_EXPIRES_SECONDS &&
    names.includes('host');
  if (!scope || !date || !headers || !wellFormed) {
    return refuse(
      'MALFORMED_SIGNATURE',
      'Authorization query parameters' + ' are missing or malformed.',
    );
  }
  const unfit = checkScope(scope, date, expected);
  if (unfit) {
    return unfit;
  }
  const now = (expected.now ?? Date.now)();
  const signedAt = date.getTime();
  if (now > signedAt + expires * 1000 || signedAt > now + CLOCK_SKEW_MS) {
    return refuse('EXPIRED', 'Signature expired or not yet current.');
  }
  const token = one(query['X-Amz-Security-Token']);
  const { 'X-Amz-Signature': _, ...unsigned } = query;
  const signer = createSigner(expected, token);
  // S3 presigned URLs cover UNSIGNED-PAYLOAD: the signer reads that from
  // this header, which must then be neither hoisted nor signed.
  const payload: Record<string, string> = expected.s3
    ? { [SHA256]: 'UNSIGNED-PAYLOAD' }
    : {};
  const resigned = await signer.presign(
    {
      ...request,
      protocol: 'http:',
      hostname: '',
      query: unsigned,
      headers: { ...headers, ...payload },
    },
    {
      signingDate: date,
      expiresIn: expires,
      signableHeaders: new Set(names),
      unsignableHeaders: new Set([SHA256]),
      unhoistableHeaders: new Set([SHA256]),
    },
  );
  if (
    !sameSignature(
      signature,
      one(resigned.query?.['X-Amz-Signature'] ?? undefined),
    )
  ) {
    return refuse(
      'SIGNATURE_MISMATCH',
      'The request signature we calculated' +
        ' does not match the signature you provided.',
    );
  }
  return { ok: true, accessKeyId: scope.accessKeyId };
}
