import type { LambdaError } from '../environment/types.js';
import type { Logger } from '../logger.js';
import type { FunctionHost, HostOutcome } from './invocation-types.js';
import { isRecord } from './is-record.js';
import { fitError, type PayloadIo } from './payload-io.js';
import { readTrigger } from './trigger.js';
import type { WireMessage } from './wire.js';

/** What the dispatcher reports about one finished invocation. */
export interface InvocationReport {
  functionId: string;
  requestId: string;
  trigger: string;
  outcome: HostOutcome;
  durationMs: number;
  overheadMs: number;
}

/** The dispatcher's collaborators and settings, resolved. */
export interface DispatcherOptions {
  host: FunctionHost;
  payloads: PayloadIo;
  send(message: WireMessage): Promise<boolean>;
  heartbeatMs: number;
  /** How long an answer is kept after the invocation's deadline. */
  retentionMs: number;
  logger: Logger;
  onInvocation(report: InvocationReport): void;
}

type Answer =
  | { action: 'result'; id: string; payload: unknown }
  | { action: 'error'; id: string; error: LambdaError };

interface Invocation {
  id: string;
  stub: string | undefined;
  deadline: number;
  answer?: Answer;
  delivered: boolean;
  heartbeat?: NodeJS.Timeout;
  /** A send of the answer is under way. */
  sending?: boolean;
  /** Asked to send again once the send under way ends. */
  again?: Resend;
  /** The relay refused the answer this many times. */
  refusals?: number;
  retry?: NodeJS.Timeout;
}

// `always`: a stub asked again (maybe from a new connection); `undelivered`:
// a reconnection or a retry, which a send that got through satisfies.
type Resend = 'always' | 'undelivered';

// A refused answer goes again after this, doubling up to the maximum: the
// relay's per-instance cache of a connection's record lives 5 s.
const REFUSED_RETRY_MS = 250;
const REFUSED_RETRY_MAX_MS = 5000;

// The longest wait for the stopped answers to be written before the
// connection closes: a dead socket must not hold up stop().
const ABANDON_WAIT_MS = 2000;

// Ids are remembered this long after their answer is dropped, so a very
// late duplicate is still refused rather than run again.
const TOMBSTONE_MS = 60 * 60 * 1000;
const PRUNE_EVERY_MS = 30 * 1000;

function toLambdaError(errorType: string, error: unknown): LambdaError {
  const errorMessage = error instanceof Error ? error.message : String(error);
  return { errorType, errorMessage };
}

const STOPPED = 'Tether.RunnerStopped';

function stoppedAnswer(id: string, reason: string): Answer {
  const errorMessage = `the runner ${reason} while invocation ${id} ran`;
  return {
    action: 'error',
    id,
    error: { errorType: STOPPED, errorMessage },
  };
}

/**
 * The invocation's deadline on this machine's clock: the time the stub had
 * left when it sent the invocation (both its times are on the cloud's
 * clock), from the moment it arrived. Clocks that disagree by more than a
 * function's timeout would otherwise end every invocation at once, or
 * never. Undefined without `context.sentAt`.
 */
function localDeadline(
  input: Record<string, unknown>,
  receivedAt: number,
): number | undefined {
  const context = isRecord(input.context) ? input.context : {};
  const { deadline, sentAt } = context;
  if (typeof deadline !== 'number' || typeof sentAt !== 'number') return;
  return receivedAt + (deadline - sentAt);
}

function fail(errorType: string, error: unknown): HostOutcome {
  return { status: 'error', error: toLambdaError(errorType, error) };
}

/**
 * Runs each invocation id at most once, acknowledges it at once and every
 * heartbeat while it runs, and keeps its answer until it reaches a stub:
 * answers that cannot be sent wait for the next connection, and a repeated
 * `invoke` or a `resume` gets the same answer again.
 */
export class Dispatcher {
  private readonly invocations = new Map<string, Invocation>();
  private readonly pruner: NodeJS.Timeout;
  private stopping: string | undefined;

  constructor(private readonly options: DispatcherOptions) {
    this.pruner = setInterval(() => this.prune(), PRUNE_EVERY_MS).unref();
  }

  /** Handles one message from the relay. */
  handle(message: WireMessage): void {
    const id = typeof message.id === 'string' ? message.id : undefined;
    const stub = typeof message.stub === 'string' ? message.stub : undefined;
    if (message.action === 'fault') this.handleFault(message, id);
    else if (!id) return;
    else if (this.invocations.has(id)) {
      this.answerAgain(id, stub, message.action);
    } else if (message.action === 'invoke' && this.stopping) {
      this.refuse(message, id, stub, this.stopping);
    } else if (message.action === 'invoke') void this.run(message, id, stub);
    else if (message.action === 'resume') this.refuseResume(id, stub);
  }

  /** After a (re)connection: sends what waits, acknowledges what runs. */
  flush(): void {
    for (const invocation of this.invocations.values()) {
      if (!invocation.answer) void this.ack(invocation);
      else if (!invocation.delivered) {
        void this.deliver(invocation, 'undelivered');
      }
    }
  }

  /**
   * Before the connection closes: answers every invocation still running
   * (and any that arrives from now on) with `Tether.RunnerStopped`, so
   * that its stub fails at once rather than after its heartbeat timeout.
   */
  async abandon(reason: string): Promise<void> {
    this.stopping = reason;
    const sends: Promise<void>[] = [];
    for (const invocation of this.invocations.values()) {
      if (invocation.answer) continue;
      clearInterval(invocation.heartbeat);
      invocation.answer = stoppedAnswer(invocation.id, reason);
      sends.push(this.deliver(invocation));
    }
    if (sends.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ABANDON_WAIT_MS);
    });
    await Promise.race([Promise.all(sends), waited]);
    clearTimeout(timer);
  }

  stop(): void {
    clearInterval(this.pruner);
    for (const invocation of this.invocations.values()) {
      clearInterval(invocation.heartbeat);
      clearTimeout(invocation.retry);
    }
  }

  private answerAgain(
    id: string,
    stub: string | undefined,
    action: string,
  ): void {
    const invocation = this.invocations.get(id);
    if (!invocation || (action !== 'invoke' && action !== 'resume')) return;
    if (stub) invocation.stub = stub;
    this.options.logger.debug(`${action} for known id ${invocation.id}`);
    if (invocation.answer) void this.deliver(invocation, 'always');
    else void this.ack(invocation);
  }

  // Nothing is recorded: should the invoke itself arrive after the resume
  // (two relay invocations race), it still runs.
  private refuseResume(id: string, stub: string | undefined): void {
    if (!stub) return;
    void this.options.send({
      action: 'error',
      id,
      stub,
      error: {
        errorType: 'Tether.UnknownInvocation',
        errorMessage: `the runner never received invocation ${id}`,
      },
    });
  }

  private refuse(
    message: WireMessage,
    id: string,
    stub: string | undefined,
    reason: string,
  ): void {
    const deadline =
      typeof message.deadline === 'number' ? message.deadline : 0;
    const answer = stoppedAnswer(id, reason);
    const invocation = { id, stub, deadline, answer, delivered: false };
    this.invocations.set(id, invocation);
    void this.deliver(invocation);
  }

  private handleFault(message: WireMessage, id: string | undefined): void {
    const text = `relay fault ${String(message.code)}: ${String(message.message)}`;
    const invocation = id ? this.invocations.get(id) : undefined;
    if (invocation && message.code === 'FORBIDDEN') {
      this.retryRefused(invocation, text);
      return;
    }
    // The stub is gone: a resume from its new connection will ask again.
    if (invocation && message.code === 'STUB_GONE') invocation.delivered = true;
    this.options.logger.warn(id ? `${text} (invocation ${id})` : text);
  }

  // The relay did not take the message (it did not yet count this
  // connection as registered, e.g. a relay instance's cached record from
  // before the registration): nothing reached the stub, so the answer goes
  // again. A refused ack needs nothing: the heartbeat repeats it, and the
  // answer, once there, is held like any other.
  private retryRefused(invocation: Invocation, text: string): void {
    const { logger } = this.options;
    if (!invocation.answer) {
      logger.debug(
        `${text} (ack of ${invocation.id}); the next one repeats it`,
      );
      return;
    }
    const refusals = invocation.refusals ?? 0;
    invocation.refusals = refusals + 1;
    invocation.delivered = false;
    const delay = Math.min(
      REFUSED_RETRY_MAX_MS,
      REFUSED_RETRY_MS * 2 ** refusals,
    );
    logger.debug(`${text} (answer ${invocation.id}); again in ${delay} ms`);
    clearTimeout(invocation.retry);
    invocation.retry = setTimeout(() => {
      void this.deliver(invocation, 'undelivered');
    }, delay).unref();
  }

  private async run(
    message: WireMessage,
    id: string,
    stub: string | undefined,
  ): Promise<void> {
    const receivedAt = Date.now();
    const deadline =
      typeof message.deadline === 'number' ? message.deadline : 0;
    const invocation: Invocation = { id, stub, deadline, delivered: false };
    this.invocations.set(id, invocation);
    void this.ack(invocation);
    invocation.heartbeat = setInterval(
      () => void this.ack(invocation),
      this.options.heartbeatMs,
    );
    const functionId = String(message.function);
    const input = await this.readInput(message);
    const started = performance.now();
    if (isRecord(input)) {
      invocation.deadline = localDeadline(input, receivedAt) ?? deadline;
    }
    const outcome = isRecord(input)
      ? await this.invoke(functionId, id, invocation.deadline, input)
      : fail('Tether.PayloadError', input);
    const durationMs = performance.now() - started;
    clearInterval(invocation.heartbeat);
    const answer = await this.settle(invocation, outcome, message.result);
    // A result that could not be written, or a stop that answered first,
    // is the invocation's error.
    const reported: HostOutcome =
      answer.action === 'error' &&
      (outcome.status === 'ok' || answer.error.errorType === STOPPED)
        ? { status: 'error', error: answer.error }
        : outcome;
    this.report(functionId, id, input, reported, durationMs, receivedAt);
  }

  // The answer sent: the handler's, or the stop's when abandon() came
  // first (it may come while the result is being written).
  private async settle(
    invocation: Invocation,
    outcome: HostOutcome,
    target: unknown,
  ): Promise<Answer> {
    if (invocation.answer) return invocation.answer;
    const answer = await this.toAnswer(invocation.id, outcome, target);
    if (invocation.answer) return invocation.answer;
    invocation.answer = answer;
    await this.deliver(invocation);
    return answer;
  }

  private async readInput(message: WireMessage): Promise<unknown> {
    try {
      const value = await this.options.payloads.read(message.payload);
      if (!isRecord(value)) throw new Error('payload is not an object');
      return value;
    } catch (error) {
      this.options.logger.warn('could not read an invocation payload', error);
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  private async invoke(
    functionId: string,
    id: string,
    deadline: number,
    input: Record<string, unknown>,
  ): Promise<HostOutcome> {
    const given = isRecord(input.context) ? input.context : {};
    const context = deadline > 0 ? { ...given, deadline } : given;
    try {
      return await this.options.host.invoke({
        functionId,
        id,
        event: input.event,
        context,
        env: isRecord(input.env) ? (input.env as Record<string, string>) : {},
        deadline,
      });
    } catch (error) {
      return fail('Tether.RunnerError', error);
    }
  }

  private async toAnswer(
    id: string,
    outcome: HostOutcome,
    target: unknown,
  ): Promise<Answer> {
    if (outcome.status !== 'ok') {
      return { action: 'error', id, error: fitError(outcome.error) };
    }
    try {
      const payload = await this.options.payloads.write(outcome.result, target);
      return { action: 'result', id, payload };
    } catch (error) {
      const failure = toLambdaError('Tether.PayloadError', error);
      return { action: 'error', id, error: failure };
    }
  }

  private async ack(invocation: Invocation): Promise<void> {
    if (!invocation.stub) return;
    await this.options.send({
      action: 'ack',
      id: invocation.id,
      stub: invocation.stub,
    });
  }

  // One send of an answer at a time: two at once (a flush during a send)
  // could both get through, and the stub would have it twice.
  private async deliver(
    invocation: Invocation,
    resend: Resend = 'always',
  ): Promise<void> {
    if (!invocation.answer || !invocation.stub) return;
    if (invocation.sending) {
      if (invocation.again !== 'always') invocation.again = resend;
      return;
    }
    invocation.sending = true;
    let pending: Resend | undefined = 'always';
    while (pending === 'always' || (pending && !invocation.delivered)) {
      invocation.again = undefined;
      const { answer, stub } = invocation;
      invocation.delivered = await this.options.send({ ...answer, stub });
      pending = invocation.again;
    }
    invocation.sending = false;
    if (!invocation.delivered) {
      this.options.logger.debug(`answer ${invocation.id} waits for the relay`);
    }
  }

  private report(
    functionId: string,
    id: string,
    input: unknown,
    outcome: HostOutcome,
    durationMs: number,
    receivedAt: number,
  ): void {
    const context =
      isRecord(input) && isRecord(input.context) ? input.context : {};
    const event = isRecord(input) ? input.event : undefined;
    this.options.onInvocation({
      functionId,
      requestId: String(context.awsRequestId ?? id),
      trigger: readTrigger(event),
      outcome,
      durationMs,
      overheadMs: this.overheadOf(functionId, context, receivedAt),
    });
  }

  // The stub's send time when it says so; otherwise the start of the stub's
  // own invocation, which the deadline and the function's timeout give.
  private overheadOf(
    functionId: string,
    context: Record<string, unknown>,
    receivedAt: number,
  ): number {
    if (typeof context.sentAt === 'number') return receivedAt - context.sentAt;
    const timeout = this.options.host.timeoutOf(functionId);
    const deadline = context.deadline;
    if (timeout === undefined || typeof deadline !== 'number') return 0;
    return Math.max(0, receivedAt - (deadline - timeout));
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, invocation] of this.invocations) {
      if (!invocation.answer) continue;
      const expiry = invocation.deadline + this.options.retentionMs;
      if (now > expiry + TOMBSTONE_MS) {
        clearTimeout(invocation.retry);
        this.invocations.delete(id);
      } else if (now > expiry && invocation.answer.action === 'result') {
        invocation.answer = {
          action: 'error',
          id,
          error: {
            errorType: 'Tether.AnswerExpired',
            errorMessage: `invocation ${id} ended; its answer is gone`,
          },
        };
      }
    }
  }
}
