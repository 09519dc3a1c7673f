import { randomBytes, randomUUID } from 'node:crypto';

const ALPHANUMERIC =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

function pick(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let text = '';
  for (const byte of bytes) {
    text += alphabet[byte % alphabet.length];
  }
  return text;
}

/**
 * An id in the style of API Gateway's connection and request ids
 * (`R1kmxc2VNjMCFIA=`), but without `+` and `/`, so it needs no escaping
 * in an @connections path.
 */
export function createGatewayId(): string {
  return `${pick(ALPHANUMERIC, 15)}=`;
}

/** A 10-character API id, as `execute-api` hosts carry (`gy415nuibc`). */
export function createApiId(): string {
  return pick(LOWER_ALPHANUMERIC, 10);
}

/** A trace header value in X-Ray's `Root=1-{hex time}-{24 hex}` form. */
export function createTraceId(now: number): string {
  const seconds = Math.floor(now / 1000).toString(16);
  return `Root=1-${seconds}-${randomUUID().replaceAll('-', '').slice(0, 24)}`;
}
