import { formatDuration } from './format-event.js';
import type { Palette } from './palette.js';

/** Where progress is drawn: a writable text stream. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 100;

/**
 * Shows a long step while it runs: a spinner with the elapsed time on a
 * terminal, a start line when piped; then one line with the outcome.
 */
export async function showProgress<T>(
  stream: ProgressStream,
  colors: Palette,
  label: string,
  work: () => Promise<T>,
): Promise<T> {
  const started = Date.now();
  const elapsed = () => formatDuration(Date.now() - started);
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  if (stream.isTTY) {
    timer = setInterval(() => {
      frame = (frame + 1) % FRAMES.length;
      const spinner = colors.cyan(FRAMES[frame]);
      stream.write(`\r\x1b[2K${spinner} ${label} ${colors.dim(elapsed())}`);
    }, FRAME_MS);
    timer.unref();
  } else {
    stream.write(`${label}…\n`);
  }
  const clear = () => {
    if (timer !== undefined) clearInterval(timer);
    if (stream.isTTY) stream.write('\r\x1b[2K');
  };
  try {
    const result = await work();
    clear();
    stream.write(`${colors.green('✓')} ${label} ${colors.dim(elapsed())}\n`);
    return result;
  } catch (error) {
    clear();
    stream.write(`${colors.red('✗')} ${label} ${colors.dim(elapsed())}\n`);
    throw error;
  }
}
