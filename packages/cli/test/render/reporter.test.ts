import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import { createReporter } from '../../src/render/reporter.js';

function sink(isTTY = false) {
  const stream = {
    text: '',
    isTTY,
    write(chunk: string) {
      stream.text += chunk;
      return true;
    },
  };
  return stream;
}

const at = () => new Date(2026, 0, 1, 12, 0, 0, 0);

describe('createReporter', () => {
  it('prints held output under its invocation line', () => {
    const out = sink();
    const reporter = createReporter({ out, err: sink(), now: at });

    reporter.event({
      type: 'output',
      function: 'Echo',
      requestId: 'r1',
      stream: 'stdout',
      text: 'hello\n',
    });
    reporter.event({
      type: 'invocation',
      function: 'Echo',
      requestId: 'r1',
      trigger: 'invoke',
      status: 'ok',
      durationMs: 3,
      overheadMs: 1,
    });

    const lines = out.text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('Echo');
    expect(lines[0]).toContain('invoke');
    expect(lines[1]).toBe('  Echo │ hello');
    reporter.close();
  });

  it('streams output of a long invocation after the hold time', async () => {
    const out = sink();
    const reporter = createReporter({
      out,
      err: sink(),
      now: at,
      holdOutputMs: 10,
    });

    reporter.event({
      type: 'output',
      function: 'Slow',
      requestId: 'r2',
      stream: 'stderr',
      text: 'waiting',
    });
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(out.text).toContain('running…');
    expect(out.text).toContain('  Slow │ waiting');
    reporter.close();
  });

  it('shows builds only once the header is out, failures always', () => {
    const out = sink();
    const reporter = createReporter({ out, err: sink(), now: at });
    const build = { type: 'build' as const, function: 'Echo', durationMs: 5 };

    reporter.event(build);
    reporter.event({ ...build, error: 'x.ts:1:1: expected ";"' });
    const beforeHeader = out.text;
    reporter.header({
      app: 'a',
      stage: 's',
      target: 'local',
      region: 'us-east-1',
      relayUrl: 'ws://r',
      lambdaEndpoint: undefined,
      apis: [],
      functions: [],
      readyMs: 1,
    });
    reporter.event(build);

    expect(beforeHeader).not.toContain('rebuilt');
    expect(beforeHeader).toContain('build failed Echo');
    expect(out.text).toContain('rebuilt Echo in 5 ms');
  });

  it('writes plain text when the stream is not a terminal', () => {
    const out = sink(false);
    const reporter = createReporter({ out, err: sink(), now: at });

    reporter.event({ type: 'connection', state: 'connected' });

    expect(out.text).not.toContain('\x1b[');
  });

  it('hides debug messages unless verbose', () => {
    const quietErr = sink();
    const loudErr = sink();

    createReporter({ out: sink(), err: quietErr }).logger.debug('detail %d', 1);
    createReporter({ out: sink(), err: loudErr, verbose: true }).logger.debug(
      'detail %d',
      1,
    );

    expect(quietErr.text).toBe('');
    expect(loudErr.text).toContain('detail 1');
  });

  it('renders an error with its next step on stderr', () => {
    const err = sink();
    const reporter = createReporter({ out: sink(), err });

    reporter.failure(
      new CliError('APP_NOT_FOUND', 'no cdk.json in /x', {
        hint: 'pass --app',
      }),
    );

    expect(err.text).toContain('error no cdk.json in /x');
    expect(err.text).toContain('next: pass --app');
  });

  it('shows a step with its outcome when piped', async () => {
    const err = sink(false);
    const reporter = createReporter({ out: sink(), err });

    const value = await reporter.step('Synthesizing', async () => 7);

    expect(value).toBe(7);
    expect(err.text).toMatch(/^Synthesizing…\n✓ Synthesizing \d+ ms\n$/);
  });

  it('marks a failed step and rethrows', async () => {
    const err = sink(false);
    const reporter = createReporter({ out: sink(), err });

    const failing = reporter.step('Deploying', async () => {
      throw new Error('nope');
    });

    await expect(failing).rejects.toThrow('nope');
    expect(err.text).toContain('✗ Deploying');
  });
});
