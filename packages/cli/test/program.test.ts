import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/errors.js';
import { parseCommandLine } from '../src/program.js';

function capture() {
  const written = { out: '', err: '' };
  const output = {
    writeOut: (text: string) => {
      written.out += text;
    },
    writeErr: (text: string) => {
      written.err += text;
    },
  };
  return { written, output };
}

describe('parseCommandLine', () => {
  it('parses dev with its options', () => {
    const { output } = capture();

    const result = parseCommandLine(
      ['dev', '--local', '--stage', 'alice', '--port', '4000', '--inspect'],
      output,
      '1.2.3',
    );

    expect(result).toEqual({
      kind: 'run',
      parsed: {
        command: 'dev',
        options: { local: true, stage: 'alice', port: '4000', inspect: true },
      },
    });
  });

  it('accepts start as an alias of dev', () => {
    const { output } = capture();

    const result = parseCommandLine(['start', '--local'], output, '1.2.3');

    expect(result.kind === 'run' && result.parsed.command).toBe('dev');
  });

  it('parses invoke with its function and event file', () => {
    const { output } = capture();

    const result = parseCommandLine(
      ['invoke', 'Echo', '--event', 'event.json', '--stage', 'bob'],
      output,
      '1.2.3',
    );

    expect(result).toEqual({
      kind: 'run',
      parsed: {
        command: 'invoke',
        functionName: 'Echo',
        eventFile: 'event.json',
        options: { stage: 'bob' },
      },
    });
  });

  it('prints help for every command and exits with 0', () => {
    for (const command of ['dev', 'deploy', 'remove', 'invoke']) {
      const { written, output } = capture();

      const result = parseCommandLine([command, '--help'], output, '1.2.3');

      expect(result).toEqual({ kind: 'exit', exitCode: 0 });
      expect(written.out).toContain(`Usage: tether ${command}`);
      expect(written.out).toContain('--stage');
    }
  });

  it('offers --local in the help of dev only', () => {
    const offered = ['dev', 'deploy', 'remove', 'invoke'].filter((command) => {
      const { written, output } = capture();
      parseCommandLine([command, '--help'], output, '1.2.3');
      return written.out.includes('--local');
    });

    expect(offered).toEqual(['dev']);
  });

  it('prints the version', () => {
    const { written, output } = capture();

    const result = parseCommandLine(['--version'], output, '1.2.3');

    expect(result).toEqual({ kind: 'exit', exitCode: 0 });
    expect(written.out.trim()).toBe('1.2.3');
  });

  it('exits with the usage code on an unknown option', () => {
    const { written, output } = capture();

    const result = parseCommandLine(['dev', '--nope'], output, '1.2.3');

    expect(result).toEqual({ kind: 'exit', exitCode: EXIT_CODES.USAGE });
    expect(written.err).toContain('--nope');
  });

  it('exits with the usage code when invoke lacks its function', () => {
    const { output } = capture();

    const result = parseCommandLine(['invoke'], output, '1.2.3');

    expect(result).toEqual({ kind: 'exit', exitCode: EXIT_CODES.USAGE });
  });

  it('exits with the usage code and help without a command', () => {
    const { written, output } = capture();

    const result = parseCommandLine([], output, '1.2.3');

    expect(result).toEqual({ kind: 'exit', exitCode: EXIT_CODES.USAGE });
    expect(written.err).toContain('Usage: tether');
  });

  it('exits with the usage code on an unknown command', () => {
    const { output } = capture();

    const result = parseCommandLine(['deploi'], output, '1.2.3');

    expect(result).toEqual({ kind: 'exit', exitCode: EXIT_CODES.USAGE });
  });
});
