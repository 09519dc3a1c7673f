import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from '../errors.js';

/**
 * Reads the event of `tether invoke --event FILE`: one JSON value, `{}`
 * without a file. A leading byte order mark is ignored.
 *
 * @throws {CliError} `EVENT_UNREADABLE` when the file is missing or is not
 *   JSON.
 */
export async function readEvent(
  file: string | undefined,
  cwd: string,
): Promise<unknown> {
  if (file === undefined) return {};
  const where = path.resolve(cwd, file);
  try {
    // Editors on Windows save JSON with a byte order mark; JSON.parse
    // rejects it.
    const text = (await readFile(where, 'utf8')).replace(/^\uFEFF/, '');
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new CliError(
      'EVENT_UNREADABLE',
      `cannot read a JSON event from ${where}`,
      {
        hint: 'pass --event with a file holding one JSON value',
        cause,
      },
    );
  }
}
