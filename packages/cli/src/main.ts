import { readFileSync } from 'node:fs';
import { CliError, EXIT_CODES, isCliError } from './errors.js';
import { resolveOptions } from './options.js';
import { type ParsedCommand, parseCommandLine } from './program.js';
import type { ProgressStream } from './render/progress.js';
import { createReporter, type Reporter } from './render/reporter.js';

/** The process around a run of the CLI; tests pass their own. */
export interface MainIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on Ctrl-C / SIGTERM: `dev` stops, other commands unwind. */
  signal: AbortSignal;
}

function readVersion(): string {
  const file = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string })
    .version;
}

// Commands load on demand: `--help` and usage errors stay instant, and a
// local run never loads what only AWS needs.
async function execute(
  parsed: ParsedCommand,
  io: MainIo,
  reporter: Reporter,
): Promise<number> {
  const options = resolveOptions(parsed.options, io.env, io.cwd);
  const context = { reporter, signal: io.signal };
  switch (parsed.command) {
    case 'dev':
      return (await import('./commands/dev.js')).runDev(options, context);
    case 'deploy':
      return (await import('./commands/deploy.js')).runDeploy(options, context);
    case 'remove':
      return (await import('./commands/remove.js')).runRemove(options, context);
    case 'invoke': {
      const { runInvoke } = await import('./commands/invoke.js');
      return runInvoke(parsed.functionName, parsed.eventFile, options, context);
    }
  }
}

/**
 * Runs the `tether` command line and returns the exit code (see
 * EXIT_CODES). Never throws: every error is rendered with its next step.
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2), io);
 * ```
 */
export async function main(argv: string[], io: MainIo): Promise<number> {
  const output = {
    writeOut: (text: string) => void io.stdout.write(text),
    writeErr: (text: string) => void io.stderr.write(text),
  };
  const result = parseCommandLine(argv, output, readVersion());
  if (result.kind === 'exit') return result.exitCode;
  const reporter = createReporter({
    out: io.stdout,
    err: io.stderr,
    verbose: result.parsed.options.verbose ?? false,
  });
  try {
    return await execute(result.parsed, io, reporter);
  } catch (error) {
    // Ctrl-C in a terminal also stops the app command and other children:
    // what fails after it is a consequence of the interruption.
    if (io.signal.aborted || isCliError(error, 'INTERRUPTED')) {
      reporter.warn('interrupted: everything started so far was stopped');
      return EXIT_CODES.INTERRUPTED;
    }
    reporter.failure(error);
    return error instanceof CliError ? error.exitCode : EXIT_CODES.INTERNAL;
  }
}
