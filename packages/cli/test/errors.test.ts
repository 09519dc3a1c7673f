import { describe, expect, it } from 'vitest';
import { CliError, EXIT_CODES, isCliError } from '../src/errors.js';

describe('CliError', () => {
  it('maps each code to its documented exit code', () => {
    expect(new CliError('USAGE', 'x').exitCode).toBe(EXIT_CODES.USAGE);
    expect(new CliError('APP_NOT_FOUND', 'x').exitCode).toBe(EXIT_CODES.CONFIG);
    expect(new CliError('SYNTH_FAILED', 'x').exitCode).toBe(EXIT_CODES.SYNTH);
    expect(new CliError('DEPLOY_FAILED', 'x').exitCode).toBe(EXIT_CODES.DEPLOY);
    expect(new CliError('RUNNER_EVICTED', 'x').exitCode).toBe(
      EXIT_CODES.RUNNER,
    );
    expect(new CliError('FUNCTION_ERROR', 'x').exitCode).toBe(
      EXIT_CODES.FUNCTION_ERROR,
    );
  });

  it('keeps its cause and hint', () => {
    const cause = new Error('root');

    const error = new CliError('SYNTH_FAILED', 'failed', {
      hint: 'fix',
      cause,
    });

    expect(error.cause).toBe(cause);
    expect(error.hint).toBe('fix');
    expect(isCliError(error, 'SYNTH_FAILED')).toBe(true);
    expect(isCliError(error, 'USAGE')).toBe(false);
  });
});
