import type { RunnerEvent } from '@tether/runner';
import type { Palette } from './palette.js';

type Invocation = Extract<RunnerEvent, { type: 'invocation' }>;
type Output = Extract<RunnerEvent, { type: 'output' }>;
type Build = Extract<RunnerEvent, { type: 'build' }>;
type Connection = Extract<RunnerEvent, { type: 'connection' }>;

const pad2 = (value: number) => String(value).padStart(2, '0');

/** `HH:MM:SS.mmm` in local time. */
export function formatTime(at: Date): string {
  const ms = String(at.getMilliseconds()).padStart(3, '0');
  const clock = [at.getHours(), at.getMinutes(), at.getSeconds()].map(pad2);
  return `${clock.join(':')}.${ms}`;
}

/** A duration for people: `840 ms`, `2.4 s`, `3 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function describeError(error: Invocation['error']): string {
  if (error === undefined) return '';
  return [error.errorType, error.errorMessage].filter(Boolean).join(': ');
}

/**
 * One line per invocation: time, function, trigger, status, duration and
 * the relay's overhead; a failed one adds its error type and message.
 */
export function formatInvocation(
  event: Invocation,
  colors: Palette,
  at: Date,
): string {
  const status =
    event.status === 'ok'
      ? colors.green('ok     ')
      : event.status === 'timeout'
        ? colors.yellow('timeout')
        : colors.red('error  ');
  const line = [
    colors.dim(formatTime(at)),
    colors.bold(event.function.padEnd(14)),
    event.trigger.padEnd(18),
    status,
    formatDuration(event.durationMs).padStart(8),
    colors.dim(`relay +${formatDuration(event.overheadMs)}`),
  ].join('  ');
  const error = describeError(event.error);
  return error === '' ? line : `${line}\n${colors.red(`    ${error}`)}`;
}

/** Handler output, one tagged line per line of text. */
export function formatOutput(event: Output, colors: Palette): string {
  const tag = colors.dim(`  ${event.function} │`);
  const paint = event.stream === 'stderr' ? colors.yellow : (s: string) => s;
  return event.text
    .replace(/\r?\n$/, '')
    .split(/\r?\n/)
    .map((text) => `${tag} ${paint(text)}`)
    .join('\n');
}

/** A rebuild of a function's source, in one line (two if it failed). */
export function formatBuild(event: Build, colors: Palette, at: Date): string {
  const time = colors.dim(formatTime(at));
  if (event.error === undefined) {
    const took = formatDuration(event.durationMs);
    return `${time}  ${colors.cyan('rebuilt')} ${event.function} in ${took}`;
  }
  return [
    `${time}  ${colors.red('build failed')} ${event.function}: ${event.error}`,
    colors.dim('    fix the source and save; the next invocation retries'),
  ].join('\n');
}

/** A change of the runner's connection to the relay, in one line. */
export function formatConnection(
  event: Connection,
  colors: Palette,
  at: Date,
): string {
  const time = colors.dim(formatTime(at));
  const detail = event.detail ? colors.dim(` (${event.detail})`) : '';
  if (event.state === 'connected') {
    return `${time}  ${colors.green('connected')} to the relay${detail}`;
  }
  if (event.state === 'reconnecting') {
    return `${time}  ${colors.yellow('reconnecting')} to the relay${detail}`;
  }
  const evicted = colors.red('evicted');
  return `${time}  ${evicted}: another runner took this stage${detail}`;
}
