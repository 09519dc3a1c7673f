import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CODEC_ERROR_CODES, CodecError, isCodecError } from '../src/index.js';

describe('CodecError', () => {
  it('keeps its code, name and cause', () => {
    const cause = new Error('underneath');

    const error = new CodecError('BAD_GZIP', 'not gzip', { cause });

    expect(error.code).toBe('BAD_GZIP');
    expect(error.name).toBe('CodecError');
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(Error);
  });

  it('is recognised by isCodecError, with or without a code', () => {
    const error = new CodecError('NO_STORE', 'nowhere');

    expect(isCodecError(error)).toBe(true);
    expect(isCodecError(error, 'NO_STORE')).toBe(true);
    expect(isCodecError(error, 'BAD_GZIP')).toBe(false);
    expect(isCodecError(new Error('other'))).toBe(false);
  });

  it('has every code documented in the README', () => {
    const readme = readFileSync(
      new URL('../README.md', import.meta.url),
      'utf8',
    );

    const missing = CODEC_ERROR_CODES.filter(
      (code) => !new RegExp(`^\\|\\s*\`${code}\`\\s*\\|`, 'm').test(readme),
    );

    expect(missing).toEqual([]);
  });
});
