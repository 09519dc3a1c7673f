import { timingSafeEqual } from 'node:crypto';
import type { LocalCredentials } from '../credentials.js';
import type { SignatureCheck } from './signed-request.js';

/** What a signature is checked against. */
export interface SignatureExpectation {
  readonly credentials: LocalCredentials;
  readonly region: string;
  readonly service: string;
  /** The clock, for tests. @default Date.now */
  readonly now?: () => number;
  /**
   * S3's rules: the path is signed as sent (not escaped again), a
   * presigned URL covers `UNSIGNED-PAYLOAD`, and a signed request's body is
   * taken by its `x-amz-content-sha256` header, unread.
   * @default false
   */
  readonly s3?: boolean;
}

/** The parts of a `Credential=` value. */
export interface CredentialScope {
  readonly accessKeyId: string;
  readonly shortDate: string;
  readonly region: string;
  readonly service: string;
}

/**
 * How far a signature's date may be from now: SigV4 allows 15 minutes.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/signing-elements.html
 */
export const CLOCK_SKEW_MS = 15 * 60 * 1000;

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Reads `YYYYMMDDTHHMMSSZ`, or `undefined` for anything else. */
export function parseAmzDate(text: string | undefined): Date | undefined {
  const parts = text === undefined ? null : AMZ_DATE.exec(text);
  if (!parts) {
    return undefined;
  }
  const [, y, mo, d, h, mi, s] = parts.map(Number) as number[];
  return new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s));
}

/** Reads `AKID/20250101/us-east-1/execute-api/aws4_request`. */
export function parseCredentialScope(
  text: string | undefined,
): CredentialScope | undefined {
  const parts = text?.split('/') ?? [];
  if (parts.length !== 5 || parts[4] !== 'aws4_request') {
    return undefined;
  }
  const [accessKeyId, shortDate, region, service] = parts as string[];
  return { accessKeyId, shortDate, region, service } as CredentialScope;
}

/**
 * Checks who signed and for what, before any hashing: a refusal, or
 * `undefined` when the scope is this service's.
 */
export function checkScope(
  scope: CredentialScope,
  date: Date,
  expected: SignatureExpectation,
): SignatureCheck | undefined {
  if (scope.accessKeyId !== expected.credentials.accessKeyId) {
    return refuse(
      'UNKNOWN_ACCESS_KEY',
      'The security token included in the' + ' request is invalid.',
    );
  }
  const shortDate = date.toISOString().slice(0, 10).replaceAll('-', '');
  if (
    scope.region !== expected.region ||
    scope.service !== expected.service ||
    scope.shortDate !== shortDate
  ) {
    return refuse(
      'WRONG_SCOPE',
      `Credential should be scoped to a valid` +
        ` region and service: expected ${expected.region}/` +
        `${expected.service}.`,
    );
  }
  return undefined;
}

/** A refusal with API Gateway's wording. */
export function refuse(
  refusal: Exclude<SignatureCheck, { ok: true }>['refusal'],
  message: string,
): SignatureCheck {
  return { ok: false, refusal, message };
}

/** Compares two hex signatures in constant time. */
export function sameSignature(a: string, b: string | undefined): boolean {
  if (b === undefined || a.length !== b.length) {
    return false;
  }
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The named headers of a request, and only those. */
export function pickHeaders(
  headers: Record<string, string>,
  names: readonly string[],
): Record<string, string> | undefined {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (value === undefined) {
      return undefined;
    }
    picked[name] = value;
  }
  return picked;
}
