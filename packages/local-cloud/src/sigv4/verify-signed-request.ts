import { createHash } from 'node:crypto';
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

// The signature covers the declared payload hash; the declaration must
// match the body, except for S3, which streams bodies it has not read.
function checkPayloadHash(
  request: SignedRequest,
  expected: SignatureExpectation,
): SignatureCheck | undefined {
  const declared = request.headers['x-amz-content-sha256'];
  if (expected.s3) {
    return declared === undefined
      ? refuse(
          'MALFORMED_SIGNATURE',
          'Missing required header for this' + ' request: x-amz-content-sha256',
        )
      : undefined;
  }
  const actual = createHash('sha256')
    .update(request.body ?? new Uint8Array())
    .digest('hex');
  if (declared !== undefined && declared !== actual) {
    return refuse(
      'SIGNATURE_MISMATCH',
      "The provided 'x-amz-content-sha256'" +
        ' header does not match what was computed.',
    );
  }
  return undefined;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/;

/**
 * Verifies a SigV4 `Authorization` header signature, as AWS services do for
 * SDK calls: the signature is recomputed with the configured secret over
 * the signed headers and the body, and compared.
 *
 * @example
 * const check = await verifySignedRequest(toSignedRequest(req, body), {
 *   credentials, region: 'us-east-1', service: 'execute-api' });
 */
export async function verifySignedRequest(
  request: SignedRequest,
  expected: SignatureExpectation,
): Promise<SignatureCheck> {
  const authorization = request.headers.authorization;
  if (authorization === undefined) {
    return refuse('MISSING_SIGNATURE', 'Missing Authentication Token');
  }
  const fields = AUTHORIZATION.exec(authorization.trim());
  const scope = parseCredentialScope(fields?.[1]);
  const date = parseAmzDate(request.headers['x-amz-date']);
  const names = fields?.[2]?.split(';') ?? [];
  const headers = pickHeaders(request.headers, names);
  if (!fields || !scope || !date || !headers || !names.includes('host')) {
    return refuse(
      'MALFORMED_SIGNATURE',
      'Authorization header requires' +
        ' Credential, SignedHeaders and Signature, and an X-Amz-Date.',
    );
  }
  const unfit = checkScope(scope, date, expected);
  if (unfit) {
    return unfit;
  }
  const now = (expected.now ?? Date.now)();
  if (Math.abs(now - date.getTime()) > CLOCK_SKEW_MS) {
    return refuse(
      'EXPIRED',
      'Signature expired: the request time is too' +
        ' far from the current time.',
    );
  }
  const payloadRefusal = checkPayloadHash(request, expected);
  if (payloadRefusal) {
    return payloadRefusal;
  }
  const signer = createSigner(expected, headers['x-amz-security-token']);
  const resigned = await signer.sign(
    { ...request, protocol: 'http:', hostname: '', headers },
    { signingDate: date, signableHeaders: new Set(names) },
  );
  const calculated = /Signature=([0-9a-f]+)$/.exec(
    String(resigned.headers.authorization),
  )?.[1];
  if (!calculated || !sameSignature(calculated, fields[3])) {
    return refuse(
      'SIGNATURE_MISMATCH',
      'The request signature we calculated' +
        ' does not match the signature you provided.',
    );
  }
  return { ok: true, accessKeyId: scope.accessKeyId };
}
