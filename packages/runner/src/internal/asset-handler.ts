import { existsSync } from 'node:fs';
import path from 'node:path';
import { RunnerError } from '../errors.js';

const EXTENSIONS = ['.js', '.mjs', '.cjs'] as const;

/**
 * Resolves a Lambda handler string (`index.handler`, `src/app.api.get`)
 * in an asset directory to its file and export, as the Node.js runtime
 * does: the module is the part before the first dot of the last path
 * segment, with `.js`, `.mjs` or `.cjs`.
 *
 * @throws {RunnerError} `INVALID_MANIFEST` when no such file exists.
 */
export function resolveAssetHandler(
  directory: string,
  handler: string,
): { file: string; exportName: string } {
  const slash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', slash + 1);
  const module = dot > 0 ? handler.slice(0, dot) : handler;
  const exportName = dot > 0 ? handler.slice(dot + 1) : 'handler';
  for (const extension of EXTENSIONS) {
    const file = path.resolve(directory, `${module}${extension}`);
    if (existsSync(file)) return { file, exportName };
  }
  throw new RunnerError(
    'INVALID_MANIFEST',
    `handler ${handler}: no ${module}.js, .mjs or .cjs in ${directory}`,
  );
}
