import { RunnerError } from './errors.js';
import { isRecord } from './internal/is-record.js';

/** Where a live function's local code comes from. */
export type LiveFunctionSource =
  /** A TypeScript or JavaScript entry the runner builds with esbuild. */
  | { kind: 'entry'; entry: string; handler: string }
  /** A ready asset directory; `handler` is `file.export`. */
  | { kind: 'asset'; directory: string; handler: string };

/** One function of the live manifest (docs/contracts.md, section 2). */
export interface LiveFunction {
  /** Stable id: the construct path below the stack. */
  id: string;
  constructPath?: string;
  stack?: string;
  logicalId?: string;
  runtime: string;
  handler: string;
  /** MB; the environment's heap limit. */
  memorySize: number;
  /** Seconds. */
  timeout: number;
  source: LiveFunctionSource;
}

/** The live manifest `tether.live.json` the debug-stack constructs write. */
export interface LiveManifest {
  version: 1;
  app: string;
  stage: string;
  relay?: { stack: string; urlOutput: string };
  functions: LiveFunction[];
}

const isText = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0;

function invalid(message: string): RunnerError {
  return new RunnerError('INVALID_MANIFEST', `live manifest: ${message}`);
}

function checkSource(source: unknown, where: string): void {
  if (!isRecord(source)) throw invalid(`${where}.source is missing`);
  if (!isText(source.handler)) throw invalid(`${where}.source.handler`);
  if (source.kind === 'entry' && isText(source.entry)) return;
  if (source.kind === 'asset' && isText(source.directory)) return;
  throw invalid(`${where}.source needs kind entry+entry or asset+directory`);
}

function checkFunction(fn: unknown, index: number): void {
  const where = `functions[${index}]`;
  if (!isRecord(fn)) throw invalid(`${where} is not an object`);
  for (const key of ['id', 'runtime', 'handler'] as const) {
    if (!isText(fn[key])) throw invalid(`${where}.${key} is missing`);
  }
  for (const key of ['memorySize', 'timeout'] as const) {
    const value = fn[key];
    if (typeof value !== 'number' || !(value > 0)) {
      throw invalid(`${where}.${key} must be a positive number`);
    }
  }
  checkSource(fn.source, where);
}

/**
 * Checks that a parsed manifest has the shape of section 2 of
 * docs/contracts.md and returns it typed.
 *
 * @throws {RunnerError} `INVALID_MANIFEST` naming the first wrong field.
 * @example
 * ```ts
 * const manifest = parseManifest(JSON.parse(await readFile(file, 'utf8')));
 * ```
 */
export function parseManifest(value: unknown): LiveManifest {
  if (!isRecord(value)) throw invalid('not an object');
  if (value.version !== 1) throw invalid('version must be 1');
  if (!isText(value.app)) throw invalid('app is missing');
  if (!isText(value.stage)) throw invalid('stage is missing');
  if (!Array.isArray(value.functions)) throw invalid('functions is missing');
  value.functions.forEach(checkFunction);
  const ids = new Set(value.functions.map((fn: LiveFunction) => fn.id));
  if (ids.size !== value.functions.length) throw invalid('duplicate ids');
  return value as unknown as LiveManifest;
}
