import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import {
  type SignedRequest,
  verifyPresignedRequest,
  verifySignedRequest,
} from '../../src/index.js';

const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'secret' };
const expected = { credentials, region: 'us-east-1', service: 'execute-api' };
const host = '127.0.0.1:4510';

function signer(secretAccessKey = credentials.secretAccessKey) {
  return new SignatureV4({
    credentials: { ...credentials, secretAccessKey },
    region: 'us-east-1',
    service: 'execute-api',
    sha256: Sha256,
  });
}

async function presigned(
  options: { secret?: string; date?: Date; expiresIn?: number } = {},
): Promise<SignedRequest> {
  const signed = await signer(options.secret).presign(
    {
      method: 'GET',
      protocol: 'ws:',
      hostname: '127.0.0.1',
      path: '/dev',
      query: { runner: 'a' },
      headers: { host },
    },
    { signingDate: options.date, expiresIn: options.expiresIn },
  );
  return {
    method: 'GET',
    path: '/dev',
    query: signed.query as Record<string, string>,
    headers: { host },
  };
}

async function headerSigned(body: string): Promise<SignedRequest> {
  const signed = await signer().sign({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    path: '/dev/%40connections/abc%3D',
    query: {},
    headers: { host, 'content-type': 'application/json' },
    body,
  });
  return {
    method: 'POST',
    path: '/dev/%40connections/abc%3D',
    query: {},
    headers: Object.fromEntries(
      Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]),
    ),
    body: Buffer.from(body),
  };
}

describe('verifyPresignedRequest', () => {
  it('accepts a URL presigned with the configured credentials', async () => {
    const request = await presigned();

    const check = await verifyPresignedRequest(request, expected);

    expect(check).toEqual({ ok: true, accessKeyId: 'AKIDLOCAL' });
  });

  it('refuses a request without a signature', async () => {
    const request = { method: 'GET', path: '/dev', query: {}, headers: {} };

    const check = await verifyPresignedRequest(request, expected);

    expect(check).toMatchObject({ ok: false, refusal: 'MISSING_SIGNATURE' });
  });

  it('refuses a URL signed with another secret', async () => {
    const request = await presigned({ secret: 'other' });

    const check = await verifyPresignedRequest(request, expected);

    expect(check).toMatchObject({ refusal: 'SIGNATURE_MISMATCH' });
  });

  it('refuses a URL past its expiry', async () => {
    const request = await presigned({
      date: new Date(Date.now() - 61_000),
      expiresIn: 60,
    });

    const check = await verifyPresignedRequest(request, expected);

    expect(check).toMatchObject({ refusal: 'EXPIRED' });
  });

  it('refuses a URL signed for a date well ahead of now', async () => {
    const request = await presigned({
      date: new Date(Date.now() + 3_600_000),
    });

    const check = await verifyPresignedRequest(request, expected);

    expect(check).toMatchObject({ refusal: 'EXPIRED' });
  });

  it('refuses a URL for another service', async () => {
    const request = await presigned();

    const check = await verifyPresignedRequest(request, {
      ...expected,
      service: 's3',
    });

    expect(check).toMatchObject({ refusal: 'WRONG_SCOPE' });
  });

  it('refuses an unknown access key', async () => {
    const request = await presigned();

    const check = await verifyPresignedRequest(request, {
      ...expected,
      credentials: { ...credentials, accessKeyId: 'AKIDOTHER' },
    });

    expect(check).toMatchObject({ refusal: 'UNKNOWN_ACCESS_KEY' });
  });

  it('refuses a URL whose signed host differs', async () => {
    const request = await presigned();

    const check = await verifyPresignedRequest(
      { ...request, headers: { host: '127.0.0.1:1' } },
      expected,
    );

    expect(check).toMatchObject({ refusal: 'SIGNATURE_MISMATCH' });
  });

  it('refuses unreadable signature parameters', async () => {
    const request = await presigned();

    const check = await verifyPresignedRequest(
      { ...request, query: { ...request.query, 'X-Amz-Expires': 'soon' } },
      expected,
    );

    expect(check).toMatchObject({ refusal: 'MALFORMED_SIGNATURE' });
  });
});

describe('verifySignedRequest', () => {
  it('accepts a request signed with the configured credentials', async () => {
    const request = await headerSigned('{"a":1}');

    const check = await verifySignedRequest(request, expected);

    expect(check).toEqual({ ok: true, accessKeyId: 'AKIDLOCAL' });
  });

  it('refuses a request whose body changed after signing', async () => {
    const request = await headerSigned('{"a":1}');

    const check = await verifySignedRequest(
      { ...request, body: Buffer.from('{"a":2}') },
      expected,
    );

    expect(check).toMatchObject({ refusal: 'SIGNATURE_MISMATCH' });
  });

  it('refuses a request without an Authorization header', async () => {
    const request = { method: 'GET', path: '/', query: {}, headers: {} };

    const check = await verifySignedRequest(request, expected);

    expect(check).toMatchObject({ refusal: 'MISSING_SIGNATURE' });
  });

  it('refuses a request dated too far from now', async () => {
    const request = await headerSigned('x');

    const check = await verifySignedRequest(request, {
      ...expected,
      now: () => Date.now() + 16 * 60 * 1000,
    });

    expect(check).toMatchObject({ refusal: 'EXPIRED' });
  });
});
