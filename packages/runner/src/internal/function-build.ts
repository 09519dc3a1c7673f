import { type FSWatcher, watch } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';
import type { Logger } from '../logger.js';

/**
 * The state of a function's build. `changed` says whether the bundle
 * differs from the one served before (a save that changes nothing, or a
 * second build of the same save, leaves the environments warm); for a
 * failure, whether its message differs from the failure before.
 * `recovered` says that the build before failed.
 */
export type BuildOutcome =
  | { ok: true; changed: boolean; recovered: boolean; durationMs: number }
  | { ok: false; changed: boolean; durationMs: number; message: string };

/** How to build one entry. */
export interface FunctionBuildOptions {
  entry: string;
  /** The bundle's path, `index.js` in its own directory. */
  outfile: string;
  logger: Logger;
  /** After every build, rebuilds included, before it is served. */
  onBuilt(outcome: BuildOutcome): Promise<void>;
}

// A save that truncates before it writes shows an empty file for a moment:
// an empty input waits this long for the write before it is built.
const WATCH_SETTLE_MS = 10;

// File times and the wall clock may differ by a tick.
const MTIME_SLACK_MS = 20;

// What esbuild's API throws once its service process has ended.
const SERVICE_GONE = /The service (is no longer running|was stopped)/;
// The generation of esbuild's service, shared by every build here: bumped
// when one restarts it, so that another does not restart it again.
const service = { epoch: 0 };

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
    // Written only when the bundle changed: see FunctionBuild.write.
    write: false,
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
 * not reported yet by comparing modification times and sizes.
 */
export class FunctionBuild {
  private context:
    | esbuild.BuildContext<ReturnType<typeof buildOptions>>
    | undefined;
  private inputs = new Map<string, string>();
  private readonly watchers = new Map<string, FSWatcher>();
  private building: Promise<BuildOutcome> | undefined;
  private again = false;
  private last: BuildOutcome | undefined;
  private bundleHash: string | undefined;
  private settle: NodeJS.Timeout | undefined;
  private disposed = false;
  /** The esbuild service generation {@link context} belongs to. */
  private epoch = 0;

  constructor(private readonly options: FunctionBuildOptions) {}

  /** The build to serve the next invocation with. */
  async current(): Promise<BuildOutcome> {
    // A build under way may be followed by another for a save it missed
    // (an editor's truncate, then its write): serve the last of them.
    while (this.building) await this.building;
    // A failed build is tried again: the fix may be a file it could not
    // resolve, which is in no watched directory and has no stamp yet.
    if (!this.last?.ok || (await this.isStale())) return this.rebuild();
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
        void this.rebuild();
      }
    });
    return this.building;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.settle);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    await this.building?.catch(() => undefined);
    await this.context?.dispose().catch(() => undefined);
  }

  private async build(): Promise<BuildOutcome> {
    const started = performance.now();
    const since = Date.now();
    // Stamps taken before esbuild reads: a save during the build then
    // still counts as a change afterwards.
    const before = await this.stampAll();
    const previous = this.last;
    let outcome: BuildOutcome;
    try {
      const result = await this.compile();
      await this.track(Object.keys(result.metafile.inputs), before, since);
      const changed = await this.write(result.outputFiles);
      const durationMs = performance.now() - started;
      const recovered = previous?.ok === false;
      outcome = { ok: true, changed, recovered, durationMs };
    } catch (error) {
      await this.track(this.failedInputs(error), before, since);
      const durationMs = performance.now() - started;
      const message = failureText(error);
      const changed = previous?.ok !== false || previous.message !== message;
      outcome = { ok: false, changed, durationMs, message };
    }
    this.last = outcome;
    // A failure to reload must not stop the watcher's builds.
    await this.options.onBuilt(outcome).catch((error: unknown) => {
      this.options.logger.error('could not serve a new build', error);
    });
    return outcome;
  }

  // esbuild runs one service process for all of this process's builds;
  // killed from outside (an OOM killer, a stray `pkill esbuild`), every
  // context on it fails for good. The first build to notice starts a new
  // service; a context of an ended service is made again.
  private async compile() {
    try {
      return await this.rebuildOnce();
    } catch (error) {
      if (!SERVICE_GONE.test(String(error))) throw error;
      this.options.logger.warn('the esbuild service ended: restarting it');
      if (this.epoch === service.epoch) {
        service.epoch++;
        await esbuild.stop();
      }
      this.context = undefined;
      return this.rebuildOnce();
    }
  }

  private async rebuildOnce() {
    if (!this.context) {
      this.epoch = service.epoch;
      this.context = await esbuild.context(buildOptions(this.options));
    }
    return this.context.rebuild();
  }

  private async write(files: esbuild.OutputFile[]): Promise<boolean> {
    const bundle = files.find((file) => file.path.endsWith('.js'));
    if (!bundle || bundle.hash === this.bundleHash) return false;
    await mkdir(path.dirname(bundle.path), { recursive: true });
    // The source map first: an environment that starts in between reads
    // the new bundle with a map that matches it.
    const ordered = [...files.filter((file) => file !== bundle), bundle];
    for (const file of ordered) await writeFile(file.path, file.contents);
    this.bundleHash = bundle.hash;
    return true;
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
    before: Map<string, string>,
    since: number,
  ): Promise<void> {
    const base = path.dirname(this.options.entry);
    const local = files.map((file) => path.resolve(base, file)).filter(isLocal);
    const stamps = await Promise.all(
      local.map((file) => before.get(file) ?? this.newStampOf(file, since)),
    );
    this.inputs = new Map(local.map((file, at) => [file, stamps[at] ?? '']));
    this.watchDirectories(new Set(local.map((file) => path.dirname(file))));
  }

  // A file first read by this build is stamped after it: when it changed
  // since the build began (a new file still being written), esbuild may
  // have read it half-written, so the stamp is left to never match.
  private async newStampOf(file: string, since: number): Promise<string> {
    const stats = await stat(file).catch(() => undefined);
    if (!stats) return 'missing';
    if (stats.mtimeMs >= since - MTIME_SLACK_MS) return 'unsettled';
    return `${stats.mtimeMs}:${stats.size}`;
  }

  // Size as well as time: file times can be coarser than two quick writes.
  private async stampOf(file: string): Promise<string> {
    return stat(file).then(
      (stats) => `${stats.mtimeMs}:${stats.size}`,
      () => 'missing',
    );
  }

  private async stampAll(): Promise<Map<string, string>> {
    const files = [...this.inputs.keys()];
    const stamps = await Promise.all(files.map((file) => this.stampOf(file)));
    return new Map(files.map((file, at) => [file, stamps[at] ?? '']));
  }

  private async isStale(): Promise<boolean> {
    const checks = [...this.inputs].map(
      async ([file, stamp]) => (await this.stampOf(file)) !== stamp,
    );
    return (await Promise.all(checks)).some(Boolean);
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

  // Every reported change rebuilds, even when the stamps look equal: the
  // event is the surer sign, and an unchanged bundle reloads nothing.
  // An invocation does not wait for the settle timer: it checks stamps.
  // After a failure any file counts: it may be the missing one.
  private handleChange(directory: string, name: string | null): void {
    if (this.disposed) return;
    const file = name ? path.join(directory, name) : undefined;
    if (file && !this.inputs.has(file) && this.last?.ok !== false) return;
    clearTimeout(this.settle);
    void this.sizeOf(file).then((size) => {
      if (size !== 0) return void this.rebuild();
      this.settle = setTimeout(() => void this.rebuild(), WATCH_SETTLE_MS);
    });
  }

  private async sizeOf(file: string | undefined): Promise<number> {
    if (!file) return -1;
    return stat(file).then(
      (stats) => stats.size,
      () => -1,
    );
  }
}
