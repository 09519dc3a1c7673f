import { existsSync } from 'node:fs';
import path from 'node:path';
import { RunnerError } from '../errors.js';
import type { HandlerCode } from './types.js';

// The Node.js runtime tries these in order for the handler's module.
const EXTENSIONS = ['.js', '.mjs', '.cjs'] as const;

/**
 * Resolves a Lambda handler string (`index.handler`, `src/app.api.get`)
 * in a code directory as Lambda's Node.js runtime does: the module is the
 * last path segment up to its first dot, found with `.js`, `.mjs` or
 * `.cjs`; the rest is the (possibly nested) export. When no file exists,
 * the `.js` path is returned, so invoking reports Lambda's
 * `Runtime.ImportModuleError`.
 *
 * @throws {RunnerError} `INVALID_OPTIONS` when the handler has no export
 *   part (Lambda's `Runtime.MalformedHandlerName`).
 * @example
 * ```ts
 * resolveHandler('/abs/asset', 'index.handler');
 * // → { file: '/abs/asset/index.js', exportName: 'handler' }
 * ```
 */
export function resolveHandler(
  directory: string,
  handler: string,
): HandlerCode {
  const slash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', slash + 1);
  if (dot <= slash + 1 || dot === handler.length - 1) {
    throw new RunnerError(
      'INVALID_OPTIONS',
      `Bad handler ${handler}: expected MODULE.EXPORT, like index.handler`,
    );
  }
  const module = path.resolve(directory, handler.slice(0, dot));
  const exportName = handler.slice(dot + 1);
  for (const extension of EXTENSIONS) {
    const file = `${module}${extension}`;
    if (existsSync(file)) return { file, exportName };
  }
  return { file: `${module}.js`, exportName };
}
