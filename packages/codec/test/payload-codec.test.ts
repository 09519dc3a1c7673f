import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CodecError,
  decodePayload,
  decodePayloadBytes,
  encodePayload,
  encodePayloadBytes,
} from '../src/index.js';
import { codeOf } from './support/codes.js';
import { parseFixture, readFixtures } from './support/fixtures.js';

function deeplyNested(depth: number): unknown {
  let value: unknown = [];
  for (let level = 0; level < depth; level++) {
    value = level % 2 === 0 ? { d: value } : [value];
  }
  return value;
}

function gzipBomb(inflatedBytes: number): string {
  // Concatenated gzip members inflate as one stream: one member of zeros,
  // repeated, gives a large output from a small, quickly made input.
  const member = gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
  const count = Math.ceil(inflatedBytes / (16 * 1024 * 1024));
  return Buffer.concat(Array.from({ length: count }, () => member)).toString(
    'base64',
  );
}

const fixtures = readFixtures();

describe('encodePayload and decodePayload', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))(
    'round-trips fixture %s',
    (_name, fixture) => {
      const value = parseFixture(fixture);
      const raw = gzipSync(fixture.bytes).toString('base64');

      const rawCode = codeOf(() => decodePayload(raw));

      if (value === undefined) {
        expect(rawCode).toBe('INVALID_JSON');
      } else {
        expect(decodePayload(raw)).toEqual(value);
        expect(decodePayload(encodePayload(value))).toEqual(value);
      }
    },
  );

  it('covers valid and invalid fixtures alike', () => {
    const invalid = fixtures.filter((f) => parseFixture(f) === undefined);

    const names = invalid.map((f) => f.name);

    expect(fixtures.length).toBeGreaterThan(30);
    expect(names).toContain('aws-lambda-go/dynamodb-event-malformed.2.json');
    expect(names.some((name) => name.startsWith('aws-lambda-dotnet/'))).toBe(
      true,
    );
  });

  it('keeps edge values exactly', () => {
    const value = {
      astral: '😀𝄞🀄 \u{10ffff}',
      control: '\u0000\u0001\u001f\u007f\b\f\n\r\t"\\/',
      loneSurrogate: '\ud800x\udfff',
      numbers: [
        Number.MAX_VALUE,
        Number.MIN_VALUE,
        -Number.MAX_VALUE,
        Number.MAX_SAFE_INTEGER,
        Number.MIN_SAFE_INTEGER,
        Number.EPSILON,
        0.1 + 0.2,
        1e-7,
        2 ** -1074,
      ],
      empty: [{}, [], '', 0, null, false],
      nested: deeplyNested(2000),
    };

    const decoded = decodePayload(encodePayload(value));

    expect(decoded).toEqual(value);
  });

  it('writes undefined as null, as Lambda does', () => {
    const text = encodePayload(undefined);

    expect(decodePayload(text)).toBeNull();
  });

  it('round-trips any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // JSON has no negative zero: -0 is the one value written as another.
        const expected = JSON.parse(JSON.stringify(value));

        const decoded = decodePayload(encodePayload(value));

        expect(decoded).toStrictEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('answers any string with a value or a CodecError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String()), (text) => {
        expect(() => {
          try {
            decodePayload(text);
          } catch (error) {
            if (!(error instanceof CodecError)) throw error;
          }
        }).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('answers damaged payload text with a CodecError', () => {
    const text = encodePayload({ message: 'x'.repeat(200), n: [1, 2, 3] });
    const positions = fc.nat({ max: text.length - 1 });
    const damage = fc.tuple(positions, fc.string({ minLength: 1 }));

    fc.assert(
      fc.property(damage, ([at, insert]) => {
        const damaged = text.slice(0, at) + insert + text.slice(at + 1);

        const code = codeOf(() => decodePayload(damaged));

        expect(code === undefined || typeof code === 'string').toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('decodePayload on bad input', () => {
  const text = encodePayload({ hello: 'world', list: [1, 2, 3] });

  it.each([
    ['truncated text', text.slice(0, -3)],
    ['text with extra padding', `${text}=`],
    ['text with whitespace', `${text.slice(0, 8)}\n${text.slice(8)}`],
    ['url-safe base64', `${text.slice(0, 4)}-_${text.slice(6)}`],
    ['non-base64 characters', 'not base64 at all!'],
    ['padding in the middle', `AA==${text}`],
  ])('refuses %s with BAD_BASE64', (_name, bad) => {
    const code = codeOf(() => decodePayload(bad));

    expect(code).toBe('BAD_BASE64');
  });

  it('refuses text truncated on a base64 quantum with BAD_GZIP', () => {
    const bad = text.slice(0, Math.floor(text.length / 8) * 4);

    const code = codeOf(() => decodePayload(bad));

    expect(code).toBe('BAD_GZIP');
  });

  it('refuses base64 of bytes that are not gzip with BAD_GZIP', () => {
    const bad = Buffer.from('{"plain":"json"}').toString('base64');

    const code = codeOf(() => decodePayload(bad));

    expect(code).toBe('BAD_GZIP');
  });

  it('refuses empty text with BAD_GZIP', () => {
    const code = codeOf(() => decodePayload(''));

    expect(code).toBe('BAD_GZIP');
  });

  it('decodes nesting far deeper than encoding allows', () => {
    const depth = 100_000;
    const text = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const deep = gzipSync(text).toString('base64');

    const decoded = decodePayload(deep);

    expect(Array.isArray(decoded)).toBe(true);
  });

  it('refuses a JSON text with a byte-order mark with INVALID_JSON', () => {
    const bom = gzipSync(Buffer.from('\ufeff{"a":1}')).toString('base64');

    const code = codeOf(() => decodePayload(bom));

    expect(code).toBe('INVALID_JSON');
  });

  it('refuses bytes that are not UTF-8 with INVALID_JSON', () => {
    const bytes = Buffer.from([0x22, 0xff, 0xfe, 0x22]);

    const code = codeOf(() => decodePayloadBytes(gzipSync(bytes)));

    expect(code).toBe('INVALID_JSON');
  });

  it('refuses a gzip bomb with PAYLOAD_TOO_LARGE', () => {
    const bomb = gzipBomb(1024 * 1024 * 1024);

    const error = (() => {
      try {
        decodePayload(bomb);
      } catch (caught) {
        return caught;
      }
    })();

    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    expect(error).toBeInstanceOf(CodecError);
    expect((error as CodecError).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses text too long to fit the limit before decoding it', () => {
    const long = 'A'.repeat(16 * 1024);

    const code = codeOf(() => decodePayload(long, { maxPayloadBytes: 1000 }));

    expect(code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('accepts incompressible JSON of exactly the limit', () => {
    const value = randomBytes(30_000).toString('base64');
    const max = Buffer.byteLength(JSON.stringify(value));
    const text = encodePayload(value, { gzipLevel: 9, maxPayloadBytes: max });

    const decoded = decodePayload(text, { maxPayloadBytes: max });

    expect(decoded).toBe(value);
  });

  it('honours a smaller maxPayloadBytes when inflating', () => {
    const big = encodePayload('y'.repeat(10_000));

    const code = codeOf(() => decodePayload(big, { maxPayloadBytes: 1000 }));

    expect(code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('encodePayload on bad input', () => {
  it('refuses a BigInt with UNSERIALIZABLE', () => {
    const code = codeOf(() => encodePayload({ n: 1n }));

    expect(code).toBe('UNSERIALIZABLE');
  });

  it('refuses a cycle with UNSERIALIZABLE', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;

    const code = codeOf(() => encodePayload(cycle));

    expect(code).toBe('UNSERIALIZABLE');
  });

  it('refuses nesting deeper than the stack with UNSERIALIZABLE', () => {
    const deep = deeplyNested(100_000);

    const code = codeOf(() => encodePayload(deep));

    expect(code).toBe('UNSERIALIZABLE');
  });

  it('writes -0 as 0, as JSON has no negative zero', () => {
    const decoded = decodePayload(encodePayload([-0]));

    expect(decoded).toStrictEqual([0]);
  });

  it('refuses JSON over maxPayloadBytes with PAYLOAD_TOO_LARGE', () => {
    const code = codeOf(() =>
      encodePayload('z'.repeat(2000), { maxPayloadBytes: 1000 }),
    );

    expect(code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a gzip level outside 0..9 with a TypeError', () => {
    expect(() => encodePayloadBytes({}, { gzipLevel: 10 })).toThrow(TypeError);
  });

  it('refuses a negative maxPayloadBytes with a TypeError', () => {
    expect(() => encodePayload({}, { maxPayloadBytes: -1 })).toThrow(TypeError);
  });

  it('compresses more at a higher level', () => {
    const value = { words: 'lorem ipsum dolor sit amet '.repeat(2000) };

    const fast = encodePayloadBytes(value, { gzipLevel: 1 });
    const small = encodePayloadBytes(value, { gzipLevel: 9 });

    expect(small.byteLength).toBeLessThanOrEqual(fast.byteLength);
    expect(decodePayloadBytes(small)).toEqual(value);
  });
});
