import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = fileURLToPath(new URL('../src/', import.meta.url));

/** Every module specifier a file imports or re-exports. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const pattern = /(?:import|export)[^'"]*from\s+'([^']+)'/g;
  return [...text.matchAll(pattern)].map((match) => match[1] as string);
}

/** The files reachable from an entry point by relative imports. */
function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    const found = specifiers(file);
    seen.set(file, found);
    for (const spec of found.filter((s) => s.startsWith('.'))) {
      queue.push(
        path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')),
      );
    }
  }
  return seen;
}

describe('entry points', () => {
  it('keeps the AWS SDK out of the core entry point', () => {
    const graph = reachable(path.join(srcDir, 'index.ts'));

    const external = [...graph.values()].flat();

    expect(graph.size).toBeGreaterThan(10);
    expect(external.filter((s) => s.startsWith('@aws-sdk/'))).toEqual([]);
  });

  it('loads the AWS SDK from the s3 entry point', () => {
    const graph = reachable(path.join(srcDir, 's3', 'index.ts'));

    const external = [...graph.values()].flat();

    expect(external).toContain('@aws-sdk/client-s3');
  });
});
