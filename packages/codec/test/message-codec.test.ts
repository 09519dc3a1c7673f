import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ACTIONS,
  type AckMessage,
  decodeMessage,
  encodeMessage,
  encodePayload,
  type InvokeMessage,
  type Message,
  type MessageOf,
} from '../src/index.js';
import { codeOf } from './support/codes.js';

const id = '6f1c1d52-3a5e-4d8e-9d43-1f0b5e0c2a71';
const url = 'https://bucket.s3.amazonaws.com/payloads/k?X-Amz-Signature=abc';
const inline = { inline: encodePayload({ event: {}, context: {}, env: {} }) };

const EXAMPLES: Message[] = [
  {
    action: 'register',
    v: 1,
    app: 'shop',
    stage: 'alice',
    runner: id,
    functions: ['Api/Hello', 'Queue/Worker'],
  },
  {
    action: 'registered',
    v: 1,
    app: 'shop',
    stage: 'alice',
    connection: 'Ab1=',
  },
  {
    action: 'evicted',
    v: 1,
    app: 'shop',
    stage: 'alice',
    reason: 'another runner registered',
    by: id,
  },
  {
    action: 'invoke',
    v: 1,
    id,
    app: 'shop',
    stage: 'alice',
    function: 'Api/Hello',
    deadline: 1_764_780_000_000,
    payload: inline,
    result: { key: 'payloads/r', put: url, get: url, delete: url },
    stub: 'Cd2=',
  },
  {
    action: 'invoke',
    v: 1,
    id,
    app: 'shop',
    stage: 'alice',
    function: 'Api/Hello',
    deadline: 0,
    payload: { spilled: { key: 'payloads/x', bytes: 40_000, get: url } },
  },
  { action: 'resume', v: 1, id, app: 'shop', stage: 'alice', stub: 'Ef3=' },
  { action: 'ack', v: 1, id, stub: 'Cd2=' },
  { action: 'result', v: 1, id, stub: 'Cd2=', payload: inline },
  {
    action: 'error',
    v: 1,
    id,
    stub: 'Cd2=',
    error: { errorType: 'TypeError', errorMessage: '', trace: ['at x'] },
  },
  { action: 'fault', v: 1, code: 'NO_RUNNER', message: 'start tether dev' },
  { action: 'fault', v: 1, code: 'STUB_GONE', message: 'gone', id },
  { action: 'ping', v: 1 },
];

function frame(fields: Record<string, unknown>): string {
  return JSON.stringify(fields);
}

describe('encodeMessage and decodeMessage', () => {
  it.each(EXAMPLES.map((m) => [m.action, m] as const))(
    'round-trips a %s message',
    (_action, message) => {
      const text = encodeMessage(message);

      const decoded = decodeMessage(text);

      expect(decoded).toStrictEqual(message);
    },
  );

  it('has an example of every action', () => {
    const actions = new Set(EXAMPLES.map((m) => m.action));

    expect([...actions].sort()).toStrictEqual([...ACTIONS].sort());
  });

  it('decodes the UTF-8 bytes of a frame', () => {
    const bytes = Buffer.from(encodeMessage(EXAMPLES[0] as Message));

    const decoded = decodeMessage(bytes);

    expect(decoded).toStrictEqual(EXAMPLES[0]);
  });

  it('drops fields the message type does not have', () => {
    const text = frame({ action: 'ack', v: 1, id, stub: 's', extra: true });

    const decoded = decodeMessage(text);

    expect(decoded).toStrictEqual({ action: 'ack', v: 1, id, stub: 's' });
  });

  it('leaves absent optional fields absent', () => {
    const message = { action: 'resume', v: 1, id, app: 'a', stage: 's' };

    const decoded = decodeMessage(encodeMessage(message as Message));

    expect(Object.keys(decoded)).not.toContain('stub');
  });

  it('accepts a fault code it does not know', () => {
    const text = frame({ action: 'fault', v: 1, code: 'NEW', message: 'm' });

    const decoded = decodeMessage(text);

    expect(decoded).toMatchObject({ code: 'NEW' });
  });

  it('answers any string with a message or a CodecError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const code = codeOf(() => decodeMessage(text));

        expect(code === undefined || typeof code === 'string').toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('answers any JSON object with a message or a CodecError', () => {
    const action = fc.constantFrom(...ACTIONS, 'other');
    const fields = fc.dictionary(fc.string(), fc.jsonValue());
    const objects = fc.tuple(action, fc.constantFrom(1, 2), fields);

    fc.assert(
      fc.property(objects, ([name, v, rest]) => {
        const text = frame({ ...rest, action: name, v });

        const code = codeOf(() => decodeMessage(text));

        expect(code === undefined || typeof code === 'string').toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('MessageOf', () => {
  it('picks the message type of an action', () => {
    expectTypeOf<MessageOf<'ack'>>().toEqualTypeOf<AckMessage>();
    expectTypeOf<MessageOf<'invoke'>>().toEqualTypeOf<InvokeMessage>();
  });

  it('narrows a decoded message on its action', () => {
    const message = decodeMessage(encodeMessage(EXAMPLES[6] as Message));

    if (message.action !== 'ack') throw new Error('expected an ack');

    expectTypeOf(message).toEqualTypeOf<AckMessage>();
    expect(message.stub).toBe('Cd2=');
  });
});

describe('decodeMessage on bad input', () => {
  it.each([
    ['text that is not JSON', '{"action":'],
    ['an empty frame', ''],
    ['a JSON array', '[1,2]'],
    ['a JSON string', '"invoke"'],
    ['JSON null', 'null'],
  ])('refuses %s with MALFORMED_FRAME', (_name, text) => {
    expect(codeOf(() => decodeMessage(text))).toBe('MALFORMED_FRAME');
  });

  it('refuses bytes that are not UTF-8 with MALFORMED_FRAME', () => {
    const bytes = Buffer.from([0x7b, 0xff, 0x7d]);

    expect(codeOf(() => decodeMessage(bytes))).toBe('MALFORMED_FRAME');
  });

  it('refuses a frame over maxFrameBytes with FRAME_TOO_LARGE', () => {
    const text = frame({ action: 'ping', v: 1, pad: 'x'.repeat(2000) });

    const code = codeOf(() => decodeMessage(text, { maxFrameBytes: 1000 }));

    expect(code).toBe('FRAME_TOO_LARGE');
  });

  it('refuses another protocol version with UNSUPPORTED_VERSION', () => {
    const text = frame({ action: 'ack', v: 2, id, stub: 's' });

    expect(codeOf(() => decodeMessage(text))).toBe('UNSUPPORTED_VERSION');
  });

  it('checks the version before the action', () => {
    const text = frame({ action: 'teleport', v: 2 });

    expect(codeOf(() => decodeMessage(text))).toBe('UNSUPPORTED_VERSION');
  });

  it('refuses an unknown action with UNKNOWN_ACTION', () => {
    const text = frame({ action: 'teleport', v: 1 });

    expect(codeOf(() => decodeMessage(text))).toBe('UNKNOWN_ACTION');
  });

  it.each([
    ['no action', { v: 1 }],
    ['no version', { action: 'ping' }],
    ['a numeric action', { action: 3, v: 1 }],
    ['an empty id', { action: 'ack', v: 1, id: '', stub: 's' }],
    ['a missing stub', { action: 'ack', v: 1, id }],
    ['a fractional deadline', { ...EXAMPLES[3], deadline: 1.5 }],
    ['a negative deadline', { ...EXAMPLES[3], deadline: -1 }],
    ['a deadline as text', { ...EXAMPLES[3], deadline: '1' }],
    ['a payload with both forms', { ...EXAMPLES[3], payload: both() }],
    ['a payload with neither form', { ...EXAMPLES[3], payload: {} }],
    ['an inline payload number', { ...EXAMPLES[3], payload: { inline: 1 } }],
    ['a spilled ref without bytes', { ...EXAMPLES[3], payload: noBytes() }],
    ['a spilled ref with a file URL', { ...EXAMPLES[3], payload: fileUrl() }],
    ['a result target without put', { ...EXAMPLES[3], result: noPut() }],
    ['functions as a string', { ...EXAMPLES[0], functions: 'Api/Hello' }],
    ['an empty function id', { ...EXAMPLES[0], functions: [''] }],
    ['an error without errorType', { ...EXAMPLES[8], error: noType() }],
    ['a trace of numbers', { ...EXAMPLES[8], error: numericTrace() }],
    ['an error as text', { ...EXAMPLES[8], error: 'boom' }],
    ['a fault without message', { action: 'fault', v: 1, code: 'X' }],
  ])('refuses a message with %s with INVALID_MESSAGE', (_name, fields) => {
    const text = frame(fields as Record<string, unknown>);

    expect(codeOf(() => decodeMessage(text))).toBe('INVALID_MESSAGE');
  });
});

describe('encodeMessage on bad input', () => {
  it('refuses a message that would not decode', () => {
    const message = { action: 'ack', v: 1, id: '' } as unknown as Message;

    expect(codeOf(() => encodeMessage(message))).toBe('INVALID_MESSAGE');
  });

  it('refuses an unknown action with UNKNOWN_ACTION', () => {
    const message = { action: 'teleport', v: 1 } as unknown as Message;

    expect(codeOf(() => encodeMessage(message))).toBe('UNKNOWN_ACTION');
  });
});

function both() {
  return { inline: 'AAAA', spilled: { key: 'payloads/x', bytes: 1 } };
}

function noBytes() {
  return { spilled: { key: 'payloads/x' } };
}

function fileUrl() {
  return { spilled: { key: 'payloads/x', bytes: 1, get: 'file:///etc' } };
}

function noPut() {
  return { key: 'payloads/r', get: url, delete: url };
}

function noType() {
  return { errorMessage: 'boom' };
}

function numericTrace() {
  return { errorType: 'E', errorMessage: 'boom', trace: [1, 2] };
}
