import { describe, expect, it } from 'vitest';
import { newPayloadKey } from '../../src/index.js';
import { S3PayloadStore } from '../../src/s3/index.js';
import { asyncCodeOf } from '../support/codes.js';
import { useS3Store } from '../support/s3-server.js';

const context = useS3Store();

describe('S3PayloadStore', () => {
  it('puts, gets and deletes an object under payloads/', async () => {
    const key = newPayloadKey();
    const body = new Uint8Array([0x1f, 0x8b, 0, 1, 2, 255]);

    await context.store.put(key, body);
    const read = await context.store.get(key);
    await context.store.delete(key);

    expect(key.startsWith('payloads/')).toBe(true);
    expect(Buffer.from(read)).toStrictEqual(Buffer.from(body));
    expect(await context.exists(key)).toBe(false);
  });

  it('answers a missing key with SPILLED_OBJECT_MISSING', async () => {
    const code = await asyncCodeOf(() => context.store.get(newPayloadKey()));

    expect(code).toBe('SPILLED_OBJECT_MISSING');
  });

  it('deletes a missing key without error', async () => {
    await expect(
      context.store.delete(newPayloadKey()),
    ).resolves.toBeUndefined();
  });

  it('answers a missing bucket with STORE_FAILED', async () => {
    const other = new S3PayloadStore({
      client: context.s3.client,
      bucket: 'absent',
    });

    const code = await asyncCodeOf(() =>
      other.put(newPayloadKey(), new Uint8Array(1)),
    );

    expect(code).toBe('STORE_FAILED');
  });

  it('presigns URLs that work without credentials', async () => {
    const target = await context.store.presign(newPayloadKey());
    const body = Buffer.from('gzip bytes, as far as S3 knows');

    const put = await fetch(target.put, { method: 'PUT', body });
    const get = await fetch(target.get);
    const read = Buffer.from(await get.arrayBuffer());
    const remove = await fetch(target.delete, { method: 'DELETE' });

    expect(put.ok).toBe(true);
    expect(get.ok).toBe(true);
    expect(read).toStrictEqual(body);
    expect(remove.ok).toBe(true);
    expect(await context.exists(target.key)).toBe(false);
  });
});
