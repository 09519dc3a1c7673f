import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeHandlers } from './handlers.js';
import { outputSink, poolFactory } from './pool-helpers.js';

let handlers: ReturnType<typeof writeHandlers>;
const pools = poolFactory(() => handlers.dir);

beforeAll(() => {
  handlers = writeHandlers();
});
afterEach(() => pools.stopAll());
afterAll(() => handlers.remove());

describe('output', () => {
  it('delivers megabytes of output whole, before the result', async () => {
    const sink = outputSink();
    let outputAtResult = 0;
    const pool = pools.make('prints', {
      onOutput: (output) => sink.onOutput(output),
    });

    const outcome = await pool.invoke({ kilobytes: 8192 });
    outputAtResult = sink.pieces.length;

    const stdout = sink.pieces
      .filter((piece) => piece.stream === 'stdout')
      .map((piece) => piece.text)
      .join('');
    expect(outcome.ok && outcome.result).toBe('printed');
    expect(stdout.length).toBe(8192 * 1024);
    expect(sink.textOf(outcome.requestId)).toContain('done printing\n');
    expect(outputAtResult).toBe(sink.pieces.length);
  });

  it('joins the bytes of a character split across writes', async () => {
    const sink = outputSink();
    const pool = pools.make('writesBytes', { onOutput: sink.onOutput });

    const outcome = await pool.invoke({});

    expect(sink.textOf(outcome.requestId)).toBe('🌍hi');
  });

  it('tags output with the request that wrote it', async () => {
    const sink = outputSink();
    const pool = pools.make('tagged', { onOutput: sink.onOutput });

    const outcomes = await Promise.all([
      pool.invoke({ n: 1, ms: 100 }),
      pool.invoke({ n: 2, ms: 50 }),
    ]);

    expect(sink.textOf(outcomes[0]?.requestId ?? '')).toBe('start 1\nend 1\n');
    expect(sink.textOf(outcomes[1]?.requestId ?? '')).toBe('start 2\nend 2\n');
  });

  it('tags output written after the answer with the last request', async () => {
    let resolveLate: (requestId: string | undefined) => void = () => {};
    const late = new Promise<string | undefined>((resolve) => {
      resolveLate = resolve;
    });
    const pool = pools.make('printsLater', {
      onOutput: (output) => {
        if (output.text.includes('after the answer'))
          resolveLate(output.requestId);
      },
    });

    const outcome = await pool.invoke({});

    expect(await late).toBe(outcome.requestId);
  });

  it('returns a large result whole', async () => {
    const pool = pools.make('large');

    const outcome = await pool.invoke({ bytes: 20 * 1024 * 1024 });

    expect(outcome.ok && outcome.payload.length).toBe(20 * 1024 * 1024 + 2);
  });

  it('keeps running when the output callback throws', async () => {
    const pool = pools.make('tagged', {
      onOutput: () => {
        throw new Error('sink broke');
      },
    });

    const outcome = await pool.invoke({ n: 1, ms: 1 });

    expect(outcome.ok).toBe(true);
  });
});
