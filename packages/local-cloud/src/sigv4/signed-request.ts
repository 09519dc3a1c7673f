import type { IncomingMessage } from 'node:http';

/**
 * An HTTP request as SigV4 sees it: the path exactly as it came on the wire
 * (percent-escapes kept), the query decoded, header names in lower case.
 */
export interface SignedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  readonly headers: Record<string, string>;
  readonly body?: Uint8Array;
}

/**
 * Why a signature was refused. Each maps to API Gateway's 403:
 * - `MISSING_SIGNATURE`: no `Authorization` header or `X-Amz-Signature`.
 * - `MALFORMED_SIGNATURE`: the signature's fields cannot be read.
 * - `UNKNOWN_ACCESS_KEY`: signed with credentials local-cloud was not
 *   configured with.
 * - `WRONG_SCOPE`: signed for another region or service.
 * - `EXPIRED`: a presigned URL past its `X-Amz-Expires`, or a date too far
 *   from now.
 * - `SIGNATURE_MISMATCH`: the signature does not match the request (a wrong
 *   secret, or a request changed after signing).
 */
export type SignatureRefusal =
  | 'MISSING_SIGNATURE'
  | 'MALFORMED_SIGNATURE'
  | 'UNKNOWN_ACCESS_KEY'
  | 'WRONG_SCOPE'
  | 'EXPIRED'
  | 'SIGNATURE_MISMATCH';

/** The outcome of a signature check. */
export type SignatureCheck =
  | { ok: true; accessKeyId: string }
  | { ok: false; refusal: SignatureRefusal; message: string };

/** Reads the parts of a Node request that SigV4 covers. */
export function toSignedRequest(
  request: IncomingMessage,
  body?: Uint8Array,
): SignedRequest {
  const raw = request.url ?? '/';
  const mark = raw.indexOf('?');
  const path = mark === -1 ? raw : raw.slice(0, mark);
  const query: Record<string, string | string[]> = {};
  const params = new URLSearchParams(mark === -1 ? '' : raw.slice(mark + 1));
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    query[name] = values.length === 1 ? (values[0] as string) : values;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) {
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
  }
  return { method: request.method ?? 'GET', path, query, headers, body };
}
