import type { AwsCredentialIdentity } from '@smithy/types';
import type { Logger } from '@tether/codec';
import { decodeMessage, encodeMessage, type Message } from '@tether/codec';
import WebSocket from 'ws';
import { StubError } from '../errors.js';
import { presignUrl } from './presign.js';

/** What the link needs to open and keep a connection. */
export interface LinkOptions {
  relayUrl: string;
  region: string;
  credentials: AwsCredentialIdentity;
  connectTimeoutMs: number;
  connectionLifetimeMs: number;
  idleTimeoutMs: number;
  logger: Logger;
}

/** One waiting invocation's view of the link. */
export interface LinkListener {
  onMessage(message: Message): void;
  /** The connection the invocation last sent on closed. */
  onDrop(): void;
}

// Margins that keep a reused connection clear of API Gateway's limits.
const LIFETIME_MARGIN_MS = 60_000;
const IDLE_MARGIN_MS = 30_000;

/**
 * The stub's WebSocket to the relay: one per execution environment,
 * reused across warm invocations, replaced when it could not outlive the
 * next invocation's deadline (2-hour limit) or may have been closed while
 * the environment was frozen (10-minute idle limit).
 */
export class RelayLink {
  readonly #options: LinkOptions;
  readonly #listeners = new Map<string, LinkListener>();
  /** The socket each listener last sent on. */
  readonly #sentOn = new Map<string, WebSocket>();
  #socket: WebSocket | undefined;
  #openedAt = 0;
  #lastActivity = 0;
  #opening: Promise<void> | undefined;

  constructor(options: LinkOptions) {
    this.#options = options;
  }

  /**
   * Makes sure an open connection will outlive `deadline`.
   *
   * @throws {StubError} `RELAY_UNREACHABLE` when it cannot be opened.
   */
  async ready(deadline: number): Promise<void> {
    const socket = this.#socket;
    if (socket?.readyState === WebSocket.OPEN && this.#fits(deadline)) {
      return;
    }
    if (socket !== undefined) socket.close(1000, 'replaced');
    this.#socket = undefined;
    this.#opening ??= this.#open().finally(() => {
      this.#opening = undefined;
    });
    await this.#opening;
  }

  /** Sends a message for invocation `id` on the current connection. */
  send(id: string, message: Message): void {
    const socket = this.#socket;
    if (socket?.readyState !== WebSocket.OPEN) {
      throw new StubError('RELAY_UNREACHABLE', 'the relay connection closed');
    }
    socket.send(encodeMessage(message));
    this.#sentOn.set(id, socket);
    this.#lastActivity = Date.now();
  }

  /** Closes the connection; the next `ready()` opens another. */
  close(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.close(1000, 'invocation ended');
  }

  /** Routes the messages about `id` to `listener` until the returned stop. */
  listen(id: string, listener: LinkListener): () => void {
    this.#listeners.set(id, listener);
    return () => {
      this.#listeners.delete(id);
      this.#sentOn.delete(id);
    };
  }

  #fits(deadline: number): boolean {
    const now = Date.now();
    const { connectionLifetimeMs, idleTimeoutMs } = this.#options;
    const diesAt = this.#openedAt + connectionLifetimeMs - LIFETIME_MARGIN_MS;
    const idle = now - this.#lastActivity;
    return diesAt > deadline && idle < idleTimeoutMs - IDLE_MARGIN_MS;
  }

  async #open(): Promise<void> {
    const { relayUrl, region, credentials } = this.#options;
    const url = new URL(relayUrl);
    url.searchParams.set('kind', 'stub');
    const signed = await presignUrl({
      method: 'GET',
      url: url.toString(),
      service: 'execute-api',
      region,
      credentials,
      expiresInSeconds: 60,
    });
    const socket = await connect(signed, relayUrl, this.#options);
    socket.on('message', (data) => this.#receive(data as Buffer));
    socket.on('close', () => this.#dropped(socket));
    socket.on('error', (error) => {
      this.#options.logger.warn('relay connection error', error);
    });
    this.#socket = socket;
    this.#openedAt = Date.now();
    this.#lastActivity = this.#openedAt;
  }

  #receive(data: Buffer): void {
    this.#lastActivity = Date.now();
    let message: Message;
    try {
      message = decodeMessage(data);
    } catch (error) {
      this.#options.logger.warn('ignored a frame from the relay', error);
      return;
    }
    const id = 'id' in message ? message.id : undefined;
    const listener = id === undefined ? undefined : this.#listeners.get(id);
    if (listener !== undefined) listener.onMessage(message);
    else if (message.action === 'fault' && id === undefined) {
      for (const each of this.#listeners.values()) each.onMessage(message);
    } else this.#options.logger.debug('no invocation waits for', message);
  }

  #dropped(socket: WebSocket): void {
    if (this.#socket === socket) this.#socket = undefined;
    for (const [id, listener] of this.#listeners) {
      if (this.#sentOn.get(id) === socket) listener.onDrop();
    }
  }
}

function connect(
  signedUrl: string,
  relayUrl: string,
  options: LinkOptions,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(signedUrl);
    const fail = (reason: string, cause?: unknown): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      const message = `could not connect to the Tether relay at ${relayUrl} (${reason}): check that the debug stack is deployed and the function's role may connect`;
      reject(new StubError('RELAY_UNREACHABLE', message, { cause }));
    };
    const timer = setTimeout(
      () => fail(`no answer in ${options.connectTimeoutMs} ms`),
      options.connectTimeoutMs,
    );
    socket.once('unexpected-response', (_request, response) => {
      fail(`HTTP ${response.statusCode}`);
    });
    socket.once('error', (error) => fail(error.message, error));
    socket.once('open', () => {
      clearTimeout(timer);
      socket.removeAllListeners();
      resolve(socket);
    });
  });
}
