import { randomBytes } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import {
  CodecError,
  decodePayload,
  newPayloadKey,
  type Payload,
  readPayload,
  writePayload,
} from '../src/index.js';
import { useS3Store } from './support/s3-server.js';

const context = useS3Store();

/** A value whose JSON barely compresses: random base64. */
function bulky(bytes: number): { data: string } {
  return { data: randomBytes((bytes / 4) * 3).toString('base64') };
}

async function storedSize(key: string): Promise<number | undefined> {
  const head = new HeadObjectCommand({ Bucket: context.s3.bucket, Key: key });
  return (await context.s3.client.send(head)).ContentLength;
}

describe('writePayload', () => {
  it('inlines a payload that fits the budget', async () => {
    const value = { hello: 'world' };

    const payload = await writePayload(value, { store: context.store });

    expect('inline' in payload).toBe(true);
    expect(decodePayload((payload as { inline: string }).inline)).toEqual(
      value,
    );
  });

  it('inlines a payload of exactly the budget', async () => {
    const value = { hello: 'world' };
    const exact = (await writePayload(value)) as { inline: string };

    const payload = await writePayload(value, { budget: exact.inline.length });

    expect(payload).toStrictEqual(exact);
  });

  it('spills to the store with presigned URLs past the budget', async () => {
    const value = bulky(64 * 1024);

    const payload = await writePayload(value, { store: context.store });

    if (!('spilled' in payload)) throw new Error('expected a spill');
    const { key, bytes, get } = payload.spilled;
    expect(key).toMatch(/^payloads\/[0-9a-f-]{36}$/);
    expect(await storedSize(key)).toBe(bytes);
    expect(get).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(payload.spilled.delete).toBeDefined();
    expect(await readPayload(payload, { store: context.store })).toEqual(value);
  });

  it('spills without URLs when presign is false', async () => {
    const payload = await writePayload(bulky(64 * 1024), {
      store: context.store,
      presign: false,
    });

    if (!('spilled' in payload)) throw new Error('expected a spill');
    expect(Object.keys(payload.spilled).sort()).toStrictEqual(['bytes', 'key']);
    await context.store.delete(payload.spilled.key);
  });

  it('spills to presigned target URLs without credentials', async () => {
    const target = await context.store.presign(newPayloadKey());
    const value = bulky(64 * 1024);

    const payload = await writePayload(value, { target });

    expect(payload).toStrictEqual({
      spilled: {
        key: target.key,
        bytes: await storedSize(target.key),
        get: target.get,
        delete: target.delete,
      },
    });
    expect(await readPayload(payload)).toEqual(value);
  });

  it('refuses to spill with nowhere to spill with NO_STORE', async () => {
    const write = writePayload(bulky(64 * 1024));

    await expect(write).rejects.toMatchObject({ code: 'NO_STORE' });
  });

  it('answers a failing target with STORE_FAILED', async () => {
    const target = await context.store.presign(newPayloadKey());
    const broken = { ...target, put: target.put.replace(/Signature=/, 'S=') };

    const write = writePayload(bulky(64 * 1024), { target: broken });

    await expect(write).rejects.toBeInstanceOf(CodecError);
    await expect(write).rejects.toMatchObject({ code: 'STORE_FAILED' });
  });

  it('keeps the inline decision below the budget for any size', async () => {
    const sizes = [1_000, 10_000, 23_000, 24_576, 30_000, 100_000];

    const payloads: Payload[] = [];
    for (const size of sizes) {
      payloads.push(
        await writePayload(bulky(size), {
          store: context.store,
          presign: false,
        }),
      );
    }

    for (const payload of payloads) {
      if ('inline' in payload) {
        expect(payload.inline.length).toBeLessThanOrEqual(24_576);
      } else {
        expect(payload.spilled.bytes).toBeGreaterThan((24_576 / 4) * 3 - 3);
        await context.store.delete(payload.spilled.key);
      }
    }
  });
});
