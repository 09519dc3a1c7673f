import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../src/internal/wire.js';

// Every call's arguments, by level.
function createLogger() {
  const calls = { debug: [], info: [], warn: [], error: [] } as Record<
    'debug' | 'info' | 'warn' | 'error',
    unknown[][]
  >;
  return {
    calls,
    debug: (...args: unknown[]) => void calls.debug.push(args),
    info: (...args: unknown[]) => void calls.info.push(args),
    warn: (...args: unknown[]) => void calls.warn.push(args),
    error: (...args: unknown[]) => void calls.error.push(args),
  };
}

const frame = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('decodeFrame', () => {
  it('warns in one plain line about an API Gateway error frame', () => {
    const logger = createLogger();
    const data = frame({
      message: 'Internal server error',
      connectionId: 'abc=',
      requestId: 'req-1',
    });

    const message = decodeFrame(data, false, logger);

    expect(message).toBeUndefined();
    expect(logger.calls.warn).toHaveLength(1);
    expect(logger.calls.warn[0]).toHaveLength(1);
    const [line] = logger.calls.warn[0] as [string];
    expect(line).toContain('a relay call failed');
    expect(line).toContain('"Internal server error"');
    expect(line).toContain('req-1');
    expect(line).not.toContain('\n');
    expect(logger.calls.debug).toHaveLength(1);
  });

  it('recognizes API Gateway’s Forbidden frame', () => {
    const logger = createLogger();
    const data = frame({
      message: 'Forbidden',
      connectionId: 'abc=',
      requestId: 'req-2',
    });

    decodeFrame(data, false, logger);

    expect(logger.calls.warn[0]?.[0]).toContain('"Forbidden"');
  });

  it('drops another foreign frame with a warning and no stack', () => {
    const logger = createLogger();

    const message = decodeFrame(frame({ hello: 1 }), false, logger);

    expect(message).toBeUndefined();
    expect(logger.calls.warn).toEqual([
      ['dropped a frame that is not a protocol message'],
    ]);
    expect(logger.calls.debug[0]?.[2]).toHaveProperty('code');
  });

  it('decodes a protocol message', () => {
    const logger = createLogger();

    const message = decodeFrame(frame({ action: 'ping', v: 1 }), false, logger);

    expect(message).toEqual({ action: 'ping', v: 1 });
    expect(logger.calls.warn).toEqual([]);
  });
});
