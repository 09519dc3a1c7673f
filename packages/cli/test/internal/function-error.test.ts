import { describe, expect, it } from 'vitest';
import { describeFunctionError } from '../../src/internal/function-error.js';

describe('describeFunctionError', () => {
  it('shows the type, the message and the frames of a Lambda error', () => {
    const payload = JSON.stringify({
      errorType: 'NoteBookOnFireError',
      errorMessage: 'smoke',
      trace: [
        'NoteBookOnFireError: smoke',
        '    at handler (/app/src/handlers/fail.ts:8:9)',
      ],
    });

    const text = describeFunctionError(payload);

    expect(text).toBe(
      'NoteBookOnFireError: smoke\n' +
        '    at handler (/app/src/handlers/fail.ts:8:9)',
    );
  });

  it('shows a payload that is not JSON as it is', () => {
    const text = describeFunctionError('Unhandled');

    expect(text).toBe('Unhandled');
  });

  it('shows JSON of another shape as it is', () => {
    const text = describeFunctionError('{"message":"nope"}');

    expect(text).toBe('{"message":"nope"}');
  });
});
