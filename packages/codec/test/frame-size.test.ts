import { describe, expect, it } from 'vitest';
import {
  countFrames,
  DEFAULT_INLINE_BUDGET,
  encodeMessage,
  FRAME_LIMIT_BYTES,
  fitInlineBudget,
  type InvokeMessage,
  measureFrame,
  writePayload,
} from '../src/index.js';

const url = `https://b.s3.amazonaws.com/payloads/k?${'X'.repeat(1500)}`;

const invoke: InvokeMessage = {
  action: 'invoke',
  v: 1,
  id: '6f1c1d52-3a5e-4d8e-9d43-1f0b5e0c2a71',
  app: 'shop',
  stage: 'alice',
  function: 'Api/Hello',
  deadline: 1_764_780_000_000,
  payload: { inline: '' },
  result: { key: 'payloads/r', put: url, get: url, delete: url },
};

describe('measureFrame', () => {
  it('counts UTF-8 bytes, not UTF-16 units', () => {
    expect(measureFrame('😀é')).toBe(6);
  });

  it('measures a message as encodeMessage writes it', () => {
    const text = encodeMessage(invoke);

    expect(measureFrame(invoke)).toBe(Buffer.byteLength(text));
  });
});

describe('countFrames', () => {
  it.each([
    [0, 1],
    [1, 1],
    [32_768, 1],
    [32_769, 2],
    [131_072, 4],
  ])('puts %i bytes in %i frames', (bytes, frames) => {
    expect(countFrames(bytes)).toBe(frames);
  });
});

describe('fitInlineBudget', () => {
  it('fits a whole invoke frame within 32 KB exactly', async () => {
    const budget = fitInlineBudget(invoke);
    const inline = 'A'.repeat(budget);

    const frame = encodeMessage({ ...invoke, payload: { inline } });

    expect(measureFrame(frame)).toBe(FRAME_LIMIT_BYTES);
  });

  it('leaves the default budget room for a large invoke envelope', () => {
    expect(fitInlineBudget(invoke)).toBeGreaterThan(DEFAULT_INLINE_BUDGET);
  });

  it('keeps writePayload frames within the frame limit', async () => {
    const budget = fitInlineBudget(invoke);
    const value = { text: 'lorem ipsum '.repeat(5000), n: 1 };

    const payload = await writePayload(value, { budget });

    const frame = encodeMessage({ ...invoke, payload });
    expect(measureFrame(frame)).toBeLessThanOrEqual(FRAME_LIMIT_BYTES);
  });
});
