import { type FSWatcher, watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';
import type { Logger } from '../logger.js';

/** The state of a function's build. */
export type BuildOutcome =
  | { ok: true; generation: number; durationMs: number }
  | { ok: false; generation: number; durationMs: number; message: string };

/** How to build one entry. */
export interface FunctionBuildOptions {
  entry: string;
  /** The bundle's path, `index.js` in its own directory. */
  outfile: string;
  logger: Logger;
  /** After every build, rebuilds included, before it is served. */
  onBuilt(outcome: BuildOutcome): Promise<void>;
}

const isLocal = (file: string): boolean =>
  !file.split(path.sep).includes('node_modules');

function buildOptions(options: FunctionBuildOptions) {
  return {
    entryPoints: [options.entry],
    outfile: options.outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node}`,
    // Stack traces point at the TypeScript lines (node --enable-source-maps).
    sourcemap: 'linked',
    // The Node.js runtime provides the AWS SDK v3, as Lambda does.
    external: ['@aws-sdk/*'],
    keepNames: true,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: path.dirname(options.entry),
  } satisfies esbuild.BuildOptions;
}

// One line per error, `file:line:column: ERROR: text`, as esbuild's own
// compact log form; the full code frame stays out of a Lambda error.
function failureText(error: unknown): string {
  const failure = error as Partial<esbuild.BuildFailure>;
  if (!Array.isArray(failure.errors)) return String(error);
  return failure.errors
    .map(({ location, text }) => {
      if (!location) return `ERROR: ${text}`;
      const { file, line, column } = location;
      return `${file}:${line}:${column}: ERROR: ${text}`;
    })
    .join('\n');
}

/**
 * Builds one function's entry with esbuild's incremental context, watches
 * the files it read, and rebuilds on save. An invocation asks for
 * {@link FunctionBuild.current}, which also catches a save the watcher has
 * not reported yet by comparing modification times.
 */
export class FunctionBuild {
  private context: esbuild.BuildContext | undefined;
  private inputs = new Map<string, number>();
  private readonly watchers = new Map<string, FSWatcher>();
  private building: Promise<BuildOutcome> | undefined;
  private again = false;
  private last: BuildOutcome | undefined;
  private generation = 0;
  private disposed = false;

  constructor(private readonly options: FunctionBuildOptions) {}

  /** The build to serve the next invocation with. */
  async current(): Promise<BuildOutcome> {
    if (this.building) return this.building;
    if (!this.last || (await this.isStale())) return this.rebuild();
    return this.last;
  }

  /** Builds now; a build under way is followed by one more. */
  rebuild(): Promise<BuildOutcome> {
    if (this.building) {
      this.again = true;
      return this.building;
    }
    this.building = this.build().finally(() => {
      this.building = undefined;
      if (this.again && !this.disposed) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.building;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    await this.building?.catch(() => undefined);
    await this.context?.dispose();
  }

  private async build(): Promise<BuildOutcome> {
    const started = performance.now();
    const generation = ++this.generation;
    // Stamps taken before esbuild reads: a save during the build then
    // still counts as a change afterwards.
    const before = await this.stampAll();
    let outcome: BuildOutcome;
    try {
      this.context ??= await esbuild.context(buildOptions(this.options));
      const result = await this.context.rebuild();
      await this.track(Object.keys(result.metafile?.inputs ?? {}), before);
      const durationMs = performance.now() - started;
      outcome = { ok: true, generation, durationMs };
    } catch (error) {
      await this.track(this.failedInputs(error), before);
      const durationMs = performance.now() - started;
      const message = failureText(error);
      outcome = { ok: false, generation, durationMs, message };
    }
    this.last = outcome;
    await this.options.onBuilt(outcome);
    return outcome;
  }

  // After a failure esbuild gives no inputs: keep watching the old ones and
  // the files the errors point at, so that the fix is noticed.
  private failedInputs(error: unknown): string[] {
    const failure = error as Partial<esbuild.BuildFailure>;
    const named = (failure.errors ?? []).flatMap((message) =>
      message.location ? [message.location.file] : [],
    );
    return [...this.inputs.keys(), this.options.entry, ...named];
  }

  private async track(
    files: string[],
    before: Map<string, number>,
  ): Promise<void> {
    const base = path.dirname(this.options.entry);
    const local = files.map((file) => path.resolve(base, file)).filter(isLocal);
    const stamps = await Promise.all(
      local.map((file) => before.get(file) ?? this.mtimeOf(file)),
    );
    this.inputs = new Map(local.map((file, at) => [file, stamps[at] ?? 0]));
    this.watchDirectories(new Set(local.map((file) => path.dirname(file))));
  }

  private async mtimeOf(file: string): Promise<number> {
    return stat(file).then(
      (stats) => stats.mtimeMs,
      () => 0,
    );
  }

  private async stampAll(): Promise<Map<string, number>> {
    const files = [...this.inputs.keys()];
    const stamps = await Promise.all(files.map((file) => this.mtimeOf(file)));
    return new Map(files.map((file, at) => [file, stamps[at] ?? 0]));
  }

  private async isStale(): Promise<boolean> {
    const checks = [...this.inputs].map(
      async ([file, stamp]) => (await this.mtimeOf(file)) !== stamp,
    );
    return (await Promise.all(checks)).some(Boolean);
  }

  private async refresh(): Promise<void> {
    if (this.building) {
      this.again = true;
      return;
    }
    if (await this.isStale()) await this.rebuild();
  }

  // Directories rather than files: editors that save by renaming a new
  // file over the old one would end a watch on the file itself.
  private watchDirectories(directories: Set<string>): void {
    for (const [directory, watcher] of this.watchers) {
      if (directories.has(directory)) continue;
      watcher.close();
      this.watchers.delete(directory);
    }
    for (const directory of directories) {
      if (this.watchers.has(directory) || this.disposed) continue;
      try {
        const watcher = watch(directory, (_event, name) =>
          this.handleChange(directory, name),
        );
        watcher.on('error', () => this.watchers.delete(directory));
        this.watchers.set(directory, watcher);
      } catch (error) {
        this.options.logger.warn(`cannot watch ${directory}`, error);
      }
    }
  }

  private handleChange(directory: string, name: string | null): void {
    if (this.disposed) return;
    const file = name ? path.join(directory, name) : undefined;
    if (file && !this.inputs.has(file)) return;
    void this.refresh();
  }
}
