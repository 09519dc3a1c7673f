import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  encodePayload,
  type Logger,
  newPayloadKey,
  type Payload,
  readPayload,
  type SpilledRef,
  writePayload,
} from '../src/index.js';
import { useS3Store } from './support/s3-server.js';

const context = useS3Store();

const event = {
  records: Array.from({ length: 3000 }, (_, i) => ({
    id: `${i}-${(i * 2654435761) % 4294967296}`,
    body: `message ${i} ✓ 😀`,
  })),
};

async function spill(value: unknown): Promise<{ spilled: SpilledRef }> {
  const payload = await writePayload(value, {
    store: context.store,
    budget: 0,
  });
  if (!('spilled' in payload)) throw new Error('expected a spill');
  return payload;
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const ignore = () => {};
  return {
    warnings,
    debug: ignore,
    info: ignore,
    error: ignore,
    warn: (message) => warnings.push(message),
  };
}

describe('readPayload', () => {
  it('decodes an inline payload', async () => {
    const payload = { inline: encodePayload(event) };

    const value = await readPayload(payload);

    expect(value).toEqual(event);
  });

  it('reads a spilled payload from the store and deletes it', async () => {
    const payload = await spill(event);

    const value = await readPayload(payload, { store: context.store });

    expect(value).toEqual(event);
    expect(await context.exists(payload.spilled.key)).toBe(false);
  });

  it('reads by presigned URLs alone and deletes the object', async () => {
    const payload = await spill(event);

    const value = await readPayload(payload);

    expect(value).toEqual(event);
    expect(await context.exists(payload.spilled.key)).toBe(false);
  });

  it('answers a second read from the store with SPILLED_OBJECT_MISSING', async () => {
    const payload = await spill(event);
    await readPayload(payload, { store: context.store });

    const again = readPayload(payload, { store: context.store });

    await expect(again).rejects.toMatchObject({
      code: 'SPILLED_OBJECT_MISSING',
    });
  });

  it('answers a second read by URL with SPILLED_OBJECT_MISSING', async () => {
    const payload = await spill(event);
    await readPayload(payload);

    const again = readPayload(payload);

    await expect(again).rejects.toMatchObject({
      code: 'SPILLED_OBJECT_MISSING',
    });
  });

  it.each([
    ['an empty object', {}],
    ['both forms', { inline: 'AAAA', spilled: { key: 'k', bytes: 1 } }],
    ['a spill without a key', { spilled: { bytes: 1 } }],
    ['null', null],
  ])('refuses %s as a payload with INVALID_MESSAGE', async (_name, bad) => {
    const read = readPayload(bad as unknown as Payload);

    await expect(read).rejects.toMatchObject({ code: 'INVALID_MESSAGE' });
  });

  it('answers a spill with no store and no URL with NO_STORE', async () => {
    const payload = { spilled: { key: newPayloadKey(), bytes: 10 } };

    const read = readPayload(payload);

    await expect(read).rejects.toMatchObject({ code: 'NO_STORE' });
  });

  it('answers an unreachable URL with STORE_FAILED', async () => {
    const get = 'http://127.0.0.1:1/payloads/x';
    const payload = { spilled: { key: 'payloads/x', bytes: 10, get } };

    const read = readPayload(payload);

    await expect(read).rejects.toMatchObject({ code: 'STORE_FAILED' });
  });

  it('refuses a spilled gzip bomb with PAYLOAD_TOO_LARGE', async () => {
    const key = newPayloadKey();
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024));
    await context.store.put(key, bomb);
    const target = await context.store.presign(key);
    const { get, delete: remove } = target;
    const payload = {
      spilled: { key, bytes: bomb.byteLength, get, delete: remove },
    };

    const read = readPayload(payload, { maxPayloadBytes: 1024 * 1024 });

    await expect(read).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await context.exists(key)).toBe(false);
  });

  it('refuses a download over the limit before inflating it', async () => {
    const payload = await spill({ data: 'q'.repeat(4096) });
    const understated = { spilled: { ...payload.spilled, bytes: 1 } };

    const read = readPayload(understated, { maxPayloadBytes: 10 });

    await expect(read).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await context.exists(payload.spilled.key)).toBe(true);
  });

  it('refuses a stated size over the limit without fetching', async () => {
    const payload = await spill({ data: 'q'.repeat(4096) });

    const read = readPayload(payload, {
      store: context.store,
      maxPayloadBytes: 10,
    });

    await expect(read).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await context.exists(payload.spilled.key)).toBe(true);
  });

  it('reports a failed delete and still returns the value', async () => {
    const payload = await spill(event);
    const logger = recordingLogger();
    const badDelete = `${payload.spilled.delete}`.replace('Signature=', 'S=');
    const spilled = { ...payload.spilled, delete: badDelete };

    const value = await readPayload({ spilled }, { logger });

    expect(value).toEqual(event);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain(payload.spilled.key);
  });
});
