import { format } from 'node:util';
import type { Logger } from '@tether/codec';
import type { RunnerEvent } from '@tether/runner';
import { formatError } from './format-error.js';
import {
  formatBuild,
  formatConnection,
  formatInvocation,
  formatOutput,
  formatTime,
} from './format-event.js';
import { formatHeader, type HeaderInfo } from './format-header.js';
import { OutputHold } from './output-hold.js';
import { createPalette, type Palette, wantsColor } from './palette.js';
import { type ProgressStream, showProgress } from './progress.js';

/** The logger shape the libraries take: the codec's. */
export type { Logger };

/** Options of {@link createReporter}. */
export interface ReporterOptions {
  /** Invocations, output and the header. @default process.stdout */
  out?: ProgressStream;
  /** Progress, warnings and errors. @default process.stderr */
  err?: ProgressStream;
  /** Show debug and info messages of the libraries. @default false */
  verbose?: boolean;
  /** Colour or not. @default on when `out` is a terminal (see wantsColor) */
  color?: boolean;
  /**
   * How long a running invocation's output is held back so it prints under
   * its invocation line; after that it streams. @default 1000
   */
  holdOutputMs?: number;
  /** The clock, for tests. @default () => new Date() */
  now?: () => Date;
}

/** Everything the CLI shows goes through one reporter. */
export interface Reporter {
  /** For the libraries: debug/info only with `--verbose`. */
  readonly logger: Logger;
  readonly colors: Palette;
  header(info: HeaderInfo): void;
  event(event: RunnerEvent): void;
  step<T>(label: string, work: () => Promise<T>): Promise<T>;
  info(message: string): void;
  warn(message: string): void;
  failure(error: unknown): void;
  /** Prints any held-back output and stops timers. */
  close(): void;
}

function createLogger(
  write: (text: string) => void,
  colors: Palette,
  verbose: boolean,
): Logger {
  return {
    debug: (message, ...details) => {
      if (verbose) write(colors.dim(format(message, ...details)));
    },
    info: (message, ...details) => {
      if (verbose) write(format(message, ...details));
    },
    warn: (message, ...details) =>
      write(`${colors.yellow('warning')} ${format(message, ...details)}`),
    error: (message, ...details) =>
      write(`${colors.red('error')} ${format(message, ...details)}`),
  };
}

/**
 * Creates the reporter: invocation lines with their output under them,
 * rebuilds and reconnections in one line, errors with the next step,
 * progress for long steps; colours on a terminal, plain text when piped.
 *
 * @example
 * ```ts
 * const reporter = createReporter({ verbose: true });
 * await reporter.step('Synthesizing', () => synth());
 * ```
 */
export function createReporter(options: ReporterOptions = {}): Reporter {
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  const verbose = options.verbose ?? false;
  const colors = createPalette(options.color ?? wantsColor(out, process.env));
  const now = options.now ?? (() => new Date());
  // Until the header, the first build of every function is part of
  // starting up: only a failed one is worth a line.
  let ready = false;
  const line = (text: string) => out.write(`${text}\n`);
  const errLine = (text: string) => err.write(`${text}\n`);
  const hold = new OutputHold(options.holdOutputMs ?? 1000, line);

  const onOutput = (event: Extract<RunnerEvent, { type: 'output' }>) =>
    hold.add(event.requestId, formatOutput(event, colors), () => {
      const time = colors.dim(formatTime(now()));
      const name = colors.bold(event.function.padEnd(14));
      line(`${time}  ${name}  ${colors.dim('running…')}`);
    });

  const event = (runnerEvent: RunnerEvent) => {
    const at = now();
    switch (runnerEvent.type) {
      case 'invocation':
        line(formatInvocation(runnerEvent, colors, at));
        hold.release(runnerEvent.requestId);
        return;
      case 'output':
        onOutput(runnerEvent);
        return;
      case 'build':
        if (ready || runnerEvent.error !== undefined) {
          line(formatBuild(runnerEvent, colors, at));
        }
        return;
      case 'connection':
        line(formatConnection(runnerEvent, colors, at));
        return;
    }
  };

  const logger = createLogger(errLine, colors, verbose);

  return {
    logger,
    colors,
    header: (info) => {
      ready = true;
      line(formatHeader(info, colors));
    },
    event,
    step: (label, work) => showProgress(err, colors, label, work),
    info: (message) => line(message),
    warn: (message) => logger.warn(message),
    failure: (error) => errLine(formatError(error, colors, verbose)),
    close: () => hold.releaseAll(),
  };
}
