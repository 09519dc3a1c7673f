import { CodecError } from '../errors.js';

function failure(method: string, status: number): CodecError {
  if (status === 404) {
    return new CodecError(
      'SPILLED_OBJECT_MISSING',
      `spilled object is gone (${method} answered 404): read twice, or expired`,
    );
  }
  // S3 answers 403, not 404, for a missing key to a URL signed without
  // s3:ListBucket; an expired URL also gets 403.
  const hint = status === 403 ? ': URL expired, or the object is gone' : '';
  return new CodecError(
    'STORE_FAILED',
    `presigned ${method} answered ${status}${hint}`,
  );
}

async function send(
  method: string,
  url: string,
  timeoutMs: number,
  body?: Uint8Array,
): Promise<Response> {
  try {
    return await fetch(url, {
      method,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    throw new CodecError('STORE_FAILED', `presigned ${method} failed`, {
      cause,
    });
  }
}

async function readCapped(
  response: Response,
  maxBytes: number,
): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new CodecError(
        'PAYLOAD_TOO_LARGE',
        `spilled object is over the limit of ${maxBytes} bytes`,
      );
    }
    chunks.push(value);
  }
}

/** GETs a presigned URL's body, refusing more than `maxBytes`. */
export async function getPresigned(
  url: string,
  maxBytes: number,
  timeoutMs: number,
): Promise<Uint8Array> {
  const response = await send('GET', url, timeoutMs);
  if (!response.ok) {
    await response.body?.cancel();
    throw failure('GET', response.status);
  }
  return readCapped(response, maxBytes);
}

/** PUTs bytes to a presigned URL. */
export async function putPresigned(
  url: string,
  body: Uint8Array,
  timeoutMs: number,
): Promise<void> {
  const response = await send('PUT', url, timeoutMs, body);
  await response.body?.cancel();
  if (!response.ok) throw failure('PUT', response.status);
}

/** DELETEs a presigned URL's object; a missing object counts as deleted. */
export async function deletePresigned(
  url: string,
  timeoutMs: number,
): Promise<void> {
  const response = await send('DELETE', url, timeoutMs);
  await response.body?.cancel();
  if (!response.ok && response.status !== 404) {
    throw failure('DELETE', response.status);
  }
}
