import { CliError } from '../errors.js';
import type { Palette } from './palette.js';

function causeChain(error: unknown, verbose: boolean): string[] {
  const lines: string[] = [];
  let cause = error instanceof Error ? error.cause : undefined;
  while (cause instanceof Error && lines.length < 4) {
    lines.push(`  caused by: ${cause.message}`);
    if (verbose && cause.stack) lines.push(cause.stack);
    cause = cause.cause;
  }
  return lines;
}

/**
 * An error for people: what went wrong, its cause, and what to do next.
 * Unexpected errors (not a CliError) keep their stack under `--verbose`.
 */
export function formatError(
  error: unknown,
  colors: Palette,
  verbose: boolean,
): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = [`${colors.red(colors.bold('error'))} ${message}`];
  lines.push(...causeChain(error, verbose).map((line) => colors.dim(line)));
  if (error instanceof CliError) {
    if (error.hint) lines.push(`${colors.cyan('next:')} ${error.hint}`);
  } else if (verbose && error instanceof Error && error.stack) {
    lines.push(colors.dim(error.stack));
  } else {
    lines.push(
      colors.dim('run again with --verbose for details, or report this'),
    );
  }
  return lines.join('\n');
}
