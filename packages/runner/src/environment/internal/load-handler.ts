import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LambdaError } from '../types.js';
import { toRuntimeError } from './lambda-error.js';

/** A handler as the Node.js runtime calls it. */
export type Handler = (
  event: unknown,
  context: unknown,
  callback: (error?: unknown, result?: unknown) => void,
) => unknown;

/** The handler, or the init error Lambda would report instead. */
export type LoadedHandler =
  | { ok: true; handler: Handler }
  | { ok: false; error: LambdaError };

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

// A bare import that cannot be found may be found once `retryMissing`
// has widened the resolution; the retry imports a fresh copy of the file,
// as the failed one stays failed in the module map.
async function importModule(
  file: string,
  retryMissing: () => boolean,
): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  try {
    return await import(url);
  } catch (error) {
    const missing =
      (error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND';
    if (!missing || !retryMissing()) throw error;
    return await import(`${url}?node-path`);
  }
}

function walk(root: unknown, names: string[]): unknown {
  let value = root;
  for (const name of names) {
    if (value === null || value === undefined) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

function handlerName(file: string, exportName: string): string {
  const base = path.basename(file, path.extname(file));
  return `${base}.${exportName}`;
}

/**
 * Imports the handler's file (ESM or CommonJS) and finds the export, with
 * the init errors of Lambda's Node.js runtime: `Runtime.ImportModuleError`,
 * `Runtime.UserCodeSyntaxError`, `Runtime.HandlerNotFound`; an error
 * thrown by the module's own code keeps its type. `retryMissing` is asked
 * once when an import is not found; returning true imports again.
 */
export async function loadHandler(
  file: string,
  exportName: string,
  retryMissing: () => boolean = () => false,
): Promise<LoadedHandler> {
  let namespace: Record<string, unknown>;
  try {
    namespace = await importModule(file, retryMissing);
  } catch (error) {
    if (error instanceof SyntaxError) {
      return {
        ok: false,
        error: toRuntimeError('Runtime.UserCodeSyntaxError', error),
      };
    }
    if (isModuleNotFound(error)) {
      return {
        ok: false,
        error: toRuntimeError('Runtime.ImportModuleError', error),
      };
    }
    throw error;
  }
  const names = exportName.split('.');
  const found = walk(namespace, names) ?? walk(namespace.default, names);
  const name = handlerName(file, exportName);
  if (found === undefined) {
    return notFound(`${name} is undefined or not exported`);
  }
  if (typeof found !== 'function') {
    return notFound(`${name} is not a function`);
  }
  return { ok: true, handler: found as Handler };
}

function notFound(message: string): LoadedHandler {
  return {
    ok: false,
    error: {
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: message,
      trace: [`Runtime.HandlerNotFound: ${message}`],
    },
  };
}
