import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../logger.js';
import type {
  EnvironmentInfo,
  EnvironmentOutput,
  HandlerCode,
  LambdaError,
} from '../types.js';
import { exitError } from './lambda-error.js';
import type { ChildMessage, ParentMessage, WireContext } from './messages.js';

const BOOTSTRAP = fileURLToPath(new URL('./bootstrap.js', import.meta.url));
const PIPE_GRACE_MS = 500;

/** What one environment needs to start. */
export interface EnvironmentSpec {
  id: number;
  code: HandlerCode;
  environment: Readonly<Record<string, string>>;
  execArgv: string[];
  cwd: string;
  onOutput: (output: EnvironmentOutput) => void;
  logger: Logger;
}

/** How one invocation ended inside an environment. */
export type RawOutcome =
  | { ok: true; payload: string; durationMs: number }
  | {
      ok: false;
      error: LambdaError;
      durationMs: number;
      fatal: boolean;
      /** The environment was ending idle: the handler never ran. */
      unstarted?: boolean;
    };

/** How an environment's start ended. */
export type Readiness =
  | { initMs: number }
  | { error: LambdaError }
  | { exit: { code: number | null; signal: NodeJS.Signals | null } };

interface Running {
  requestId: string;
  started: number;
  resolve: (outcome: RawOutcome) => void;
}

/**
 * One execution environment: a child process running the bootstrap, one
 * invocation at a time. It never throws at its caller: a dead process
 * settles the invocation under way with Lambda's exit error.
 */
// Windows has no process groups to signal (and `detached` opens a console).
const OWN_GROUP = process.platform !== 'win32';

// Kills the environment's process group: the process and whatever it
// started. False when there is no group to signal.
function killGroup(child: ChildProcess): boolean {
  if (!OWN_GROUP || child.pid === undefined) return false;
  try {
    process.kill(-child.pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

export class ExecutionEnvironment {
  readonly id: number;
  readonly generation: number;
  readonly ready: Promise<Readiness>;
  readonly exited: Promise<void>;
  inspectorUrl: string | undefined;
  dead = false;
  #child: ChildProcess;
  #spec: EnvironmentSpec;
  #running: Running | undefined;
  #lastRequestId: string | undefined;
  #exitingIdle = false;
  #settleReady!: (value: Readiness) => void;

  constructor(spec: EnvironmentSpec, generation: number) {
    this.id = spec.id;
    this.generation = generation;
    this.#spec = spec;
    this.ready = new Promise((resolve) => {
      this.#settleReady = resolve;
    });
    this.#child = fork(BOOTSTRAP, [spec.code.file, spec.code.exportName], {
      cwd: spec.cwd,
      env: { ...spec.environment },
      execArgv: spec.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // A process group of its own, so that ending the environment ends
      // the processes its handler started, as Lambda's sandbox does
      // (and a terminal's Ctrl-C reaches the runner, which stops it).
      detached: OWN_GROUP,
    });
    this.exited = this.#watchExit();
    this.#child.on('message', (message: ChildMessage) =>
      this.#onMessage(message),
    );
    this.#pipe('stdout');
    this.#pipe('stderr');
  }

  #watchExit(): Promise<void> {
    const child = this.#child;
    // 'close' waits for the pipes, which a grandchild that inherited them
    // may hold open: shortly after the exit they are closed regardless.
    child.once('exit', () => {
      killGroup(child);
      setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, PIPE_GRACE_MS).unref();
    });
    return new Promise((resolve) => {
      let started = false;
      child.once('spawn', () => {
        started = true;
      });
      child.once('close', (code, signal) => {
        this.#onClose(code, signal);
        resolve();
      });
      // A process that could not be started (no memory, no process slot)
      // emits 'error' and never 'close'.
      child.on('error', (error) => {
        this.#spec.logger.warn(`environment ${this.id} failed`, error);
        if (started) return;
        this.#settleReady({
          error: {
            errorType: 'Runtime.ExitError',
            errorMessage: `Error: Runtime failed to start: ${error.message}`,
          },
        });
        this.#onClose(null, null);
        resolve();
      });
    });
  }

  /** The process id and inspector URL. */
  get info(): EnvironmentInfo {
    const info: EnvironmentInfo = { id: this.id, pid: this.#child.pid ?? 0 };
    if (this.inspectorUrl) info.inspectorUrl = this.inspectorUrl;
    return info;
  }

  /** Whether an invocation runs now. */
  get busy(): boolean {
    return this.#running !== undefined;
  }

  /** Sends one invocation; resolves when it ends, however it ends. */
  run(event: unknown, context: WireContext): Promise<RawOutcome> {
    const requestId = context.awsRequestId;
    if (this.dead) return Promise.resolve(this.#exitOutcome(requestId));
    return new Promise((resolve) => {
      const message: ParentMessage = { type: 'invoke', event, context };
      this.#running = { requestId, started: performance.now(), resolve };
      this.#lastRequestId = requestId;
      try {
        this.#child.send(message, (error) => {
          if (error) this.kill();
        });
      } catch (cause) {
        // Only data can cross to the environment (a function cannot).
        this.#finish({
          ok: false,
          error: {
            errorType: 'Tether.InvalidEvent',
            errorMessage: `the event or context cannot be sent to the environment: ${(cause as Error).message}`,
          },
          durationMs: 0,
          fatal: false,
        });
      }
    });
  }

  /** Ends the process at once; resolves once it has exited. */
  kill(): Promise<void> {
    this.dead = true;
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      if (!killGroup(this.#child)) this.#child.kill('SIGKILL');
    }
    return this.exited;
  }

  #onMessage(message: ChildMessage): void {
    switch (message.type) {
      case 'ready':
        if (message.inspectorUrl) this.#noteInspector(message.inspectorUrl);
        this.#settleReady({ initMs: message.initMs });
        return;
      case 'init-error':
        this.dead = true;
        this.#settleReady({ error: message.error });
        return;
      case 'exiting':
        this.dead = true;
        this.#exitingIdle = true;
        return;
      case 'output':
        this.#emit(message.stream, message.text);
        return;
      case 'result':
        this.#finish({
          ok: true,
          payload: message.payload,
          durationMs: message.durationMs,
        });
        return;
      case 'error':
        if (message.fatal) this.dead = true;
        this.#finish({
          ok: false,
          error: message.error,
          durationMs: message.durationMs,
          fatal: message.fatal,
        });
    }
  }

  #finish(outcome: RawOutcome): void {
    const running = this.#running;
    this.#running = undefined;
    running?.resolve(outcome);
  }

  #onClose(code: number | null, signal: NodeJS.Signals | null): void {
    this.dead = true;
    const running = this.#running;
    this.#settleReady({ exit: { code, signal } });
    if (!running) return;
    const outcome = this.#exitOutcome(running.requestId, code, signal);
    if (this.#exitingIdle && !outcome.ok) outcome.unstarted = true;
    this.#finish(outcome);
  }

  #exitOutcome(
    requestId: string,
    code: number | null = this.#child.exitCode,
    signal: NodeJS.Signals | null = this.#child.signalCode,
  ): RawOutcome {
    const started = this.#running?.started ?? performance.now();
    return {
      ok: false,
      error: exitError(requestId, code, signal),
      durationMs: performance.now() - started,
      fatal: true,
    };
  }

  #pipe(stream: 'stdout' | 'stderr'): void {
    const readable = this.#child[stream];
    readable?.setEncoding('utf8');
    readable?.on('data', (text: string) => this.#emit(stream, text));
  }

  #noteInspector(url: string): void {
    this.inspectorUrl = url;
    this.#spec.logger.info(
      `environment ${this.id} (pid ${this.#child.pid}): inspector at ${url}`,
    );
  }

  #emit(stream: 'stdout' | 'stderr', text: string): void {
    const requestId = this.#running?.requestId ?? this.#lastRequestId;
    try {
      this.#spec.onOutput({ requestId, stream, text, environmentId: this.id });
    } catch (error) {
      this.#spec.logger.warn('the output callback threw', error);
    }
  }
}
