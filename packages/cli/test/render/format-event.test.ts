import { describe, expect, it } from 'vitest';
import {
  formatBuild,
  formatConnection,
  formatDuration,
  formatInvocation,
  formatOutput,
  formatTime,
} from '../../src/render/format-event.js';
import { createPalette } from '../../src/render/palette.js';

const plain = createPalette(false);
const colored = createPalette(true);
const at = new Date(2026, 11, 3, 9, 5, 7, 42);

describe('formatTime and formatDuration', () => {
  it('formats local time with milliseconds', () => {
    expect(formatTime(at)).toBe('09:05:07.042');
  });

  it('formats durations for people', () => {
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(2400)).toBe('2.4 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
  });
});

describe('formatInvocation', () => {
  const event = {
    type: 'invocation' as const,
    function: 'Api/Hello',
    requestId: 'r1',
    trigger: 'GET /hello',
    status: 'ok' as const,
    durationMs: 23,
    overheadMs: 4,
  };

  it('shows time, function, trigger, status, duration and overhead', () => {
    const line = formatInvocation(event, plain, at);

    expect(line).toMatch(
      /^09:05:07\.042 {2}Api\/Hello +GET \/hello +ok +23 ms {2}relay \+4 ms$/,
    );
  });

  it('adds the error type and message of a failed invocation', () => {
    const failed = {
      ...event,
      status: 'error' as const,
      error: { errorType: 'BoomError', errorMessage: 'it broke' },
    };

    const text = formatInvocation(failed, plain, at);

    expect(text.split('\n')[1]).toBe('    BoomError: it broke');
  });

  it('colours only when asked', () => {
    expect(formatInvocation(event, plain, at)).not.toContain('\x1b[');
    expect(formatInvocation(event, colored, at)).toContain('\x1b[');
  });
});

describe('formatOutput', () => {
  it('tags every line with the function', () => {
    const text = formatOutput(
      {
        type: 'output',
        function: 'Echo',
        requestId: 'r1',
        stream: 'stdout',
        text: 'one\ntwo\n',
      },
      plain,
    );

    expect(text).toBe('  Echo │ one\n  Echo │ two');
  });
});

describe('formatBuild and formatConnection', () => {
  it('says a build took how long in one line', () => {
    const line = formatBuild(
      { type: 'build', function: 'Api/Hello', durationMs: 45 },
      plain,
      at,
    );

    expect(line).toBe('09:05:07.042  rebuilt Api/Hello in 45 ms');
  });

  it('gives the next step after a failed build', () => {
    const text = formatBuild(
      { type: 'build', function: 'Echo', durationMs: 5, error: 'x.ts:1 oops' },
      plain,
      at,
    );

    expect(text).toContain('build failed Echo: x.ts:1 oops');
    expect(text).toContain('fix the source and save');
  });

  it('reports reconnections in one line', () => {
    const line = formatConnection(
      { type: 'connection', state: 'reconnecting', detail: 'code 1006' },
      plain,
      at,
    );

    expect(line).toBe('09:05:07.042  reconnecting to the relay (code 1006)');
  });
});
