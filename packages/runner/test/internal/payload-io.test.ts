import { describe, expect, it } from 'vitest';
import { fitError } from '../../src/internal/payload-io.js';

describe('fitError', () => {
  it('keeps a small error as it is', () => {
    const error = { errorType: 'E', errorMessage: 'm', trace: ['a', 'b'] };

    expect(fitError(error)).toEqual(error);
  });

  it('cuts a huge message and trace to fit one frame', () => {
    const error = {
      errorType: 'Big',
      errorMessage: 'x'.repeat(1024 * 1024),
      trace: Array.from({ length: 10_000 }, () => 'at somewhere (file.ts:1:1)'),
    };

    const fitted = fitError(error);

    expect(JSON.stringify(fitted).length).toBeLessThan(30 * 1024);
    expect(fitted.errorMessage).toMatch(/truncated\)$/);
  });
});
