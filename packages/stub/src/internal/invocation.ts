import type {
  ErrorMessage,
  FaultMessage,
  InvokeMessage,
  Message,
  ResultMessage,
  ResumeMessage,
} from '@tether/codec';
import { StubError } from '../errors.js';
import type { LinkListener, RelayLink } from './relay-link.js';

/** How long each wait of an invocation may last. */
export interface InvocationTimers {
  ackTimeoutMs: number;
  heartbeatTimeoutMs: number;
  deadlineMarginMs: number;
}

/** The runner's answer. */
export type Answer = ResultMessage | ErrorMessage;

/**
 * Carries one invocation over the link and waits for its answer, never
 * silently: each wait (first ack, heartbeat, deadline) has a timer that
 * ends it with a {@link StubError}. When the connection drops, it
 * reconnects and asks again with the same id: `invoke` while no ack came
 * (the runner deduplicates ids), `resume` after. A message that got no
 * ack within half the ack timeout is sent once more.
 */
export class Invocation implements LinkListener {
  readonly #link: RelayLink;
  readonly #invoke: InvokeMessage;
  readonly #timers: InvocationTimers;
  #acked = false;
  #waitTimer: NodeJS.Timeout | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #deadlineTimer: NodeJS.Timeout | undefined;
  #settle: ((answer: Answer | StubError) => void) | undefined;

  constructor(
    link: RelayLink,
    invoke: InvokeMessage,
    timers: InvocationTimers,
  ) {
    this.#link = link;
    this.#invoke = invoke;
    this.#timers = timers;
  }

  /**
   * @throws {StubError} `NO_RUNNER`, `RUNNER_GONE`, `RUNNER_SILENT`,
   * `NO_ACK`, `DEADLINE`, `RELAY_UNREACHABLE` or `REFUSED`.
   */
  async run(): Promise<Answer> {
    const stop = this.#link.listen(this.#invoke.id, this);
    const outcome = await new Promise<Answer | StubError>((resolve) => {
      this.#settle = resolve;
      const left = this.#invoke.deadline - Date.now();
      this.#deadlineTimer = setTimeout(
        () => this.#fail('DEADLINE', deadlinePassed(left)),
        Math.max(0, left - this.#timers.deadlineMarginMs),
      );
      this.#send(this.#invoke);
    });
    stop();
    clearTimeout(this.#waitTimer);
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#deadlineTimer);
    if (outcome instanceof StubError) throw outcome;
    return outcome;
  }

  /** Whether the runner acknowledged the invocation. */
  get acked(): boolean {
    return this.#acked;
  }

  onMessage(message: Message): void {
    switch (message.action) {
      case 'ack':
        this.#acked = true;
        clearTimeout(this.#retryTimer);
        this.#wait('RUNNER_SILENT', this.#timers.heartbeatTimeoutMs);
        break;
      case 'result':
      case 'error':
        this.#settle?.(message);
        break;
      case 'fault':
        this.#refused(message);
        break;
    }
  }

  onDrop(): void {
    clearTimeout(this.#waitTimer);
    clearTimeout(this.#retryTimer);
    const { id, app, stage, deadline } = this.#invoke;
    const resume: ResumeMessage = { action: 'resume', v: 1, id, app, stage };
    this.#link.ready(deadline).then(
      () => this.#send(this.#acked ? resume : this.#invoke),
      (error: StubError) => this.#settle?.(error),
    );
  }

  #send(message: InvokeMessage | ResumeMessage): void {
    try {
      this.#link.send(this.#invoke.id, message);
    } catch (error) {
      this.#settle?.(error as StubError);
      return;
    }
    if (this.#acked) {
      this.#wait('RUNNER_SILENT', this.#timers.heartbeatTimeoutMs);
      return;
    }
    this.#wait('NO_ACK', this.#timers.ackTimeoutMs);
    // A message can be lost on the way (a relay invocation that failed or
    // was throttled): halfway through the wait, the same message goes
    // again. The runner deduplicates the id, so nothing runs twice.
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      if (this.#acked) return;
      try {
        this.#link.send(this.#invoke.id, message);
      } catch {
        // The drop handler reconnects and sends again.
      }
    }, this.#timers.ackTimeoutMs / 2);
  }

  #wait(code: 'NO_ACK' | 'RUNNER_SILENT', ms: number): void {
    clearTimeout(this.#waitTimer);
    const { stage } = this.#invoke;
    const message =
      code === 'NO_ACK'
        ? `the runner for stage ${stage} did not acknowledge the invocation within ${ms} ms: check that \`tether dev\` is running and serves function ${this.#invoke.function}, or raise TETHER_ACK_TIMEOUT_MS`
        : `the runner for stage ${stage} went silent for ${ms} ms while running the invocation: it stopped or lost its connection; check the \`tether dev\` terminal`;
    this.#waitTimer = setTimeout(() => this.#fail(code, message), ms);
  }

  #refused(fault: FaultMessage): void {
    const { app, stage } = this.#invoke;
    if (fault.code === 'NO_RUNNER') {
      const message = `no runner is connected for stage ${stage} of app ${app}: start \`tether dev\``;
      this.#fail('NO_RUNNER', message);
      return;
    }
    if (fault.code === 'RUNNER_GONE') {
      const message = `the runner for stage ${stage} of app ${app} disconnected: restart \`tether dev\``;
      this.#fail('RUNNER_GONE', message);
      return;
    }
    const message = `the Tether relay refused the invocation (${fault.code}: ${fault.message}): update the stub and the runner to the same Tether version`;
    this.#fail('REFUSED', message);
  }

  #fail(code: StubError['code'], message: string): void {
    this.#settle?.(new StubError(code, message));
  }
}

function deadlinePassed(leftMs: number): string {
  return `the local handler did not answer within the function's timeout (${leftMs} ms were left when the invocation was sent): raise the function's timeout, or look for what keeps the handler busy`;
}
