import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Module resolution hooks (module.register) that give ES modules the
// NODE_PATH fallback CommonJS has: a bare specifier that resolves nowhere
// else is looked up in the NODE_PATH folders, so a handler can `import`
// the AWS SDK the runtime provides, as on Lambda.

interface ResolveContext {
  parentURL?: string;
  conditions?: string[];
  importAttributes?: Record<string, string>;
}
type NextResolve = (
  specifier: string,
  context?: ResolveContext,
) => Promise<unknown>;

let folders: string[] = [];

/** Receives the NODE_PATH folders from `module.register`. */
export function initialize(data: { folders: string[] }): void {
  folders = data.folders;
}

function isBare(specifier: string): boolean {
  return !/^(?:\.{1,2}\/|\/|[a-z][a-z0-9+.-]*:)/i.test(specifier);
}

/** Resolves as usual, then falls back to the NODE_PATH folders. */
export async function resolve(
  specifier: string,
  context: ResolveContext,
  nextResolve: NextResolve,
): Promise<unknown> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' || !isBare(specifier)) throw error;
    for (const folder of folders) {
      const parentURL = pathToFileURL(path.join(folder, 'index.js')).href;
      try {
        return await nextResolve(specifier, { ...context, parentURL });
      } catch {
        // try the next folder
      }
    }
    throw error;
  }
}
