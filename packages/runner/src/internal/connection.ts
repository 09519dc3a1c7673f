import { setTimeout as sleep } from 'node:timers/promises';
import { RunnerError } from '../errors.js';
import type { Logger } from '../logger.js';
import { type BackoffOptions, backoffDelay } from './backoff.js';
import { type Clocks, watchClock } from './clock-watch.js';
import {
  openLink,
  type RegisterFailure,
  type RelayLink,
} from './relay-link.js';
import type { UrlSigner } from './sign-url.js';
import type { WireMessage } from './wire.js';

/** A change of the connection, reported to the runner. */
export type ConnectionState = 'connected' | 'reconnecting' | 'evicted';

/** Everything the connection needs, resolved. */
export interface ConnectionOptions {
  url: string;
  signer: UrlSigner;
  register: WireMessage;
  registerTimeoutMs: number;
  pingIntervalMs: number;
  replaceAfterMs: number;
  handoverGraceMs: number;
  clockJumpMs: number;
  clocks: Clocks;
  backoff: BackoffOptions;
  logger: Logger;
  onMessage(message: WireMessage): void;
  onState(state: ConnectionState, detail?: string): void;
  /** After every registration, first one included. */
  onReady(): void;
}

const CLOCK_TICK_MS = 1000;
// API Gateway ends a connection after 2 hours; the handover starts at
// `replaceAfterMs` (110 minutes by default) and retries this often.
const REPLACE_RETRY_MS = 30_000;

/**
 * Keeps one registered connection to the relay: keep-alive pings before
 * API Gateway's 10-minute idle limit, a handover to a fresh connection
 * before its 2-hour limit (the new one registered before the old one
 * closes), and reconnection after a drop or a clock jump, at once and then
 * with backoff and jitter. Stops for good on eviction.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
 */
export class Connection {
  private link: RelayLink | undefined;
  private stopped = false;
  private reconnecting = false;
  // Set while a new connection registers: the relay may already count it
  // as the runner, so nothing is sent on the old one until it answers.
  private replacing = false;
  private readonly abort = new AbortController();
  private pingTimer: NodeJS.Timeout | undefined;
  private replaceTimer: NodeJS.Timeout | undefined;
  private stopClockWatch: (() => void) | undefined;

  constructor(private readonly options: ConnectionOptions) {}

  /**
   * Opens and registers the first connection.
   * @throws {RunnerError} as {@link openLink} does.
   */
  async start(): Promise<void> {
    this.adopt(await this.open());
    this.watchClock();
    this.options.onState('connected');
    this.options.onReady();
  }

  /**
   * Sends on the current connection; false when there is none, or while
   * a replacement registers (the caller holds the message until
   * `onReady`).
   */
  async send(message: WireMessage): Promise<boolean> {
    const link = this.link;
    if (this.replacing || !link?.isOpen()) return false;
    return link.send(message);
  }

  /** The relay's id of the current connection. */
  get connectionId(): string | undefined {
    return this.link?.connectionId;
  }

  /** Closes the connection and stops reconnecting. */
  stop(): void {
    this.halt();
    this.link?.close();
    this.link = undefined;
  }

  /**
   * The relay said another runner took the stage: stay down. The link
   * stays open until {@link Connection.stop}, for the answers that tell
   * the stubs of running invocations.
   */
  evict(detail: string): void {
    if (this.stopped) return;
    this.halt();
    this.options.onState('evicted', detail);
  }

  private halt(): void {
    this.stopped = true;
    this.abort.abort();
    clearInterval(this.pingTimer);
    clearTimeout(this.replaceTimer);
    this.stopClockWatch?.();
  }

  // `onFailure` is left out for the first connection: a runner that
  // cannot start runs nothing.
  private open(
    onFailure?: (failure: RegisterFailure) => void,
  ): Promise<RelayLink> {
    const { options } = this;
    return openLink({
      url: options.url,
      signer: options.signer,
      register: options.register,
      timeoutMs: options.registerTimeoutMs,
      logger: options.logger,
      onMessage: (message) => options.onMessage(message),
      onClose: (link, code, reason) => this.handleClose(link, code, reason),
      ...(onFailure ? { onFailure } : {}),
    });
  }

  // Invocations the relay routed to a connection whose registration then
  // failed run all the same: their answers wait for the next registered
  // connection (the kept one, or a reconnection).
  private runStranded(failure: RegisterFailure): void {
    for (const message of failure.early) this.options.onMessage(message);
  }

  private adopt(link: RelayLink): void {
    const previous = this.link;
    this.link = link;
    clearInterval(this.pingTimer);
    clearTimeout(this.replaceTimer);
    this.pingTimer = setInterval(() => {
      void link.send({ action: 'ping' });
    }, this.options.pingIntervalMs).unref();
    this.replaceTimer = setTimeout(() => {
      void this.replace('connection age limit', true);
    }, this.options.replaceAfterMs).unref();
    if (previous) {
      // Frames the relay posted to the old connection just before the
      // handover may still be arriving: keep it open a moment.
      setTimeout(() => previous.close(), this.options.handoverGraceMs).unref();
    }
  }

  private handleClose(link: RelayLink, code: number, reason: string): void {
    if (this.stopped || link !== this.link) return;
    this.link = undefined;
    // A replacement under way becomes the reconnection, or starts it.
    if (this.replacing) return;
    void this.reconnect(`connection closed (${code}${reason && ` ${reason}`})`);
  }

  /**
   * Opens and registers a new connection, then retires the current one.
   * Resolves true when the new connection took over directly. When it
   * cannot be opened, a current connection that may still be sound (the
   * age limit is minutes away) is kept and the handover tried again later;
   * otherwise the runner reconnects.
   */
  private async replace(why: string, keepOnFailure: boolean): Promise<boolean> {
    if (this.stopped || this.reconnecting || this.replacing) return false;
    this.options.logger.debug(`replacing the relay connection: ${why}`);
    this.replacing = true;
    let registerSent = false;
    let link: RelayLink;
    try {
      link = await this.open((failure) => {
        registerSent = failure.registerSent;
        this.runStranded(failure);
      });
    } catch (error) {
      return this.recoverReplace(why, keepOnFailure, error, registerSent);
    }
    this.replacing = false;
    this.adopt(link);
    this.options.onReady();
    return true;
  }

  private async recoverReplace(
    why: string,
    keepOnFailure: boolean,
    error: unknown,
    registerSent: boolean,
  ): Promise<boolean> {
    if (this.handleFatal(error)) return this.endReplace(false);
    const text = error instanceof Error ? error.message : String(error);
    this.options.logger.warn(`could not replace the connection: ${text}`);
    this.options.logger.debug('replacement failure', error);
    const kept = this.link;
    if (keepOnFailure && kept?.isOpen()) {
      if (registerSent && !(await this.reclaim(kept))) {
        return this.endReplace(false);
      }
      this.replaceTimer = setTimeout(() => {
        void this.replace(why, true);
      }, REPLACE_RETRY_MS).unref();
      // What waited during the attempt goes out on the kept connection.
      return this.endReplace(true);
    }
    this.replacing = false;
    this.link?.close();
    this.link = undefined;
    await this.reconnect(why);
    return false;
  }

  private endReplace(ready: boolean): boolean {
    this.replacing = false;
    if (ready) this.options.onReady();
    return false;
  }

  /**
   * After a handover whose `register` may have reached the relay: whether
   * the relay counts the abandoned connection or the kept one is unknown,
   * so the kept one registers again (same runner UUID: nothing is
   * evicted). A `registered` on it always names it. Resolves false when it
   * cannot, after starting a reconnection (or the eviction).
   */
  private async reclaim(kept: RelayLink): Promise<boolean> {
    const { options } = this;
    try {
      await kept.reregister(options.register, options.registerTimeoutMs);
      if (this.stopped) return false;
      if (this.link === kept) return true;
    } catch (error) {
      if (this.handleFatal(error) || this.stopped) return false;
      options.logger.debug('registering the kept connection failed', error);
    }
    // The kept connection closed or would not register: start afresh.
    this.replacing = false;
    if (this.link === kept) kept.close();
    this.link = undefined;
    void this.reconnect('the kept connection could not register');
    return false;
  }

  private async reconnect(detail: string): Promise<void> {
    if (this.stopped || this.reconnecting) return;
    this.reconnecting = true;
    this.options.onState('reconnecting', detail);
    for (let attempt = 0; !this.stopped; attempt++) {
      const delay = backoffDelay(attempt, this.options.backoff);
      try {
        await sleep(delay, undefined, { signal: this.abort.signal });
        this.adopt(await this.open((failure) => this.runStranded(failure)));
        this.reconnecting = false;
        this.options.onState('connected');
        this.options.onReady();
        return;
      } catch (error) {
        if (this.stopped || this.handleFatal(error)) break;
        this.options.logger.debug(`reconnect attempt ${attempt} failed`, error);
      }
    }
    this.reconnecting = false;
  }

  private handleFatal(error: unknown): boolean {
    if (!(error instanceof RunnerError) || error.code !== 'EVICTED') {
      return false;
    }
    this.evict(error.message);
    return true;
  }

  // After a suspend (laptop sleep) the socket is likely dead: replace it
  // now. A stalled event loop is no reason (see watchClock).
  private watchClock(): void {
    this.stopClockWatch = watchClock({
      clocks: this.options.clocks,
      thresholdMs: this.options.clockJumpMs,
      tickMs: CLOCK_TICK_MS,
      onJump: (jumpMs) => {
        if (this.reconnecting || this.replacing || this.stopped) return;
        this.options.onState('reconnecting', `clock jumped ${jumpMs} ms`);
        void this.replaceAfterJump();
      },
    });
  }

  private async replaceAfterJump(): Promise<void> {
    if (this.reconnecting) return;
    if (await this.replace('clock jump', false)) {
      this.options.onState('connected');
    }
  }
}
