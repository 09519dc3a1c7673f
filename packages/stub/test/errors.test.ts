import { describe, expect, it } from 'vitest';
import { ERROR_TYPES, StubError, toHandlerError } from '../src/index.js';

describe('StubError', () => {
  it('names itself with the Lambda errorType of its code', () => {
    const error = new StubError('NO_RUNNER', 'start `tether dev`');

    expect(error.name).toBe('Tether.NoRunner');
    expect(error.code).toBe('NO_RUNNER');
    expect(error).toBeInstanceOf(Error);
  });

  it('gives every code a distinct errorType under Tether.', () => {
    const types = Object.values(ERROR_TYPES);

    expect(new Set(types).size).toBe(types.length);
    expect(types.every((type) => type.startsWith('Tether.'))).toBe(true);
  });
});

describe('toHandlerError', () => {
  it('rebuilds the type, message and trace the runner reported', () => {
    const trace = ['TypeError: x is undefined', '    at handler (a.ts:1:1)'];

    const error = toHandlerError({
      errorType: 'TypeError',
      errorMessage: 'x is undefined',
      trace,
    });

    expect(error.name).toBe('TypeError');
    expect(error.message).toBe('x is undefined');
    expect(error.stack?.split('\n')).toEqual(trace);
  });

  it('writes a one-line stack when no trace came', () => {
    const error = toHandlerError({ errorType: 'Oops', errorMessage: 'no' });

    expect(error.stack).toBe('Oops: no');
  });
});
