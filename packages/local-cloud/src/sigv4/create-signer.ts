import { SignatureV4 } from '@smithy/signature-v4';
import type { SignatureExpectation } from './credential-scope.js';
import { NodeSha256 } from './node-sha256.js';

/** The request shape the signer takes. */
export type SignableRequest = Parameters<SignatureV4['sign']>[0] & {
  method: string;
};

/**
 * A signer holding the configured secret, so that re-signing a request
 * reproduces the client's signature exactly when the client had it too.
 * The session token is the request's own: it is covered by the signature.
 */
export function createSigner(
  expected: SignatureExpectation,
  sessionToken: string | undefined,
): SignatureV4 {
  const { accessKeyId, secretAccessKey } = expected.credentials;
  return new SignatureV4({
    credentials: { accessKeyId, secretAccessKey, sessionToken },
    region: expected.region,
    service: expected.service,
    sha256: NodeSha256,
    // Clients sign x-amz-content-sha256 only when they send it.
    applyChecksum: false,
    uriEscapePath: !expected.s3,
  });
}
