import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function findProjectRoot(start: string): string | undefined {
  let directory = start;
  for (;;) {
    if (existsSync(path.join(directory, 'package.json'))) return directory;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/**
 * Where a function's bundle goes: under the project's
 * `node_modules/.cache/tether/`, so that the bundle's `require` of the
 * external `@aws-sdk/*` packages finds the project's own copies, as the
 * Node.js runtime's would on Lambda. Without a project, the system's
 * temporary directory.
 */
export function bundleFileFor(entry: string, functionId: string): string {
  const root = findProjectRoot(path.dirname(entry));
  const base = root
    ? path.join(root, 'node_modules', '.cache', 'tether')
    : path.join(tmpdir(), 'tether');
  const name = functionId.replace(/[^A-Za-z0-9_-]+/g, '_');
  return path.join(base, `${name}-${process.pid}`, 'index.js');
}
