import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Writes a function's inline `ZipFile` source where Lambda would put it: a
 * directory holding `index.js` (Lambda names inline Node.js code so).
 * Returns the directory; the caller removes it with {@link removeInlineCode}.
 */
export async function writeInlineCode(source: string): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'tether-inline-'));
  await writeFile(path.join(directory, 'index.js'), source);
  return directory;
}

/** Removes a directory made by {@link writeInlineCode}. */
export async function removeInlineCode(directory: string): Promise<void> {
  await rm(directory, { recursive: true, force: true });
}
