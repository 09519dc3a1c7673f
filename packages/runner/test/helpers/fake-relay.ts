import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  decodeMessage,
  encodeMessage,
  type Message,
  readPayload,
  writePayload,
} from '@tether/codec';
import { type WebSocket, WebSocketServer } from 'ws';
import { hasValidSignature } from './verify-signature.js';

/** What came back for one invocation. */
export type Answer =
  | { action: 'result'; id: string; stub: string; value: unknown }
  | {
      action: 'error';
      id: string;
      stub: string;
      error: { errorType: string; errorMessage: string; trace?: string[] };
    };

/** Options of one invocation sent by the fake relay. */
export interface InvokeOptions {
  id?: string;
  stub?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  context?: Record<string, unknown>;
}

/**
 * Plays the relay for a runner: a real WebSocket server on 127.0.0.1 that
 * checks the `kind=runner` parameter and the SigV4 presignature at the
 * upgrade (HTTP 400 and 403 as API Gateway answers), answers `register`, sends
 * invocations to the registered connection and collects every answer.
 */
export class FakeRelay {
  readonly server: WebSocketServer;
  /** The query of every accepted upgrade. */
  readonly upgrades: URLSearchParams[] = [];
  /** Every message received, in order. */
  readonly received: Message[] = [];
  /** Every answer, duplicates included. */
  readonly answers: Answer[] = [];
  /** Set true to refuse new connections with HTTP 403. */
  refuse = false;
  /** How many upgrades were refused. */
  refusals = 0;
  /** Set true to answer `register` with a FORBIDDEN fault. */
  faultRegister = false;
  /**
   * Set true to hold `registered` back (the connection already counts as
   * the runner's) until {@link FakeRelay.releaseRegistered}.
   */
  holdRegistered = false;
  /**
   * Set true to refuse, as the relay does, an answer or ack from a
   * connection that is not the registered one, with a FORBIDDEN fault.
   */
  refuseOldConnections = false;
  /** How many more answers to refuse with a FORBIDDEN fault. */
  refuseAnswers = 0;
  /** Answers and acks refused, in order. */
  readonly refused: Message[] = [];
  /** Every registered socket, in order. */
  readonly registered: WebSocket[] = [];
  private current: WebSocket | undefined;
  private readonly heldRegistrations: (() => void)[] = [];
  private readonly waiters = new Map<string, (answer: Answer) => void>();
  private readonly listeners = new Set<(message: Message) => void>();

  private constructor(server: WebSocketServer) {
    this.server = server;
    server.on('connection', (socket) => this.accept(socket));
  }

  static async start(): Promise<FakeRelay> {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: (info, done) => {
        const url = new URL(info.req.url ?? '/', 'ws://x');
        const query = url.searchParams;
        if (query.get('kind') !== 'runner') return done(false, 400);
        const host = info.req.headers.host ?? '';
        void hasValidSignature(host, url.pathname, query).then((valid) => {
          if (!valid || relay.refuse) {
            relay.refusals++;
            return done(false, 403);
          }
          relay.upgrades.push(query);
          done(true);
        });
      },
    });
    const relay = new FakeRelay(server);
    await new Promise<void>((resolve) => server.once('listening', resolve));
    return relay;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `ws://127.0.0.1:${port}/dev`;
  }

  /** The runner's registered connection. */
  get runner(): WebSocket | undefined {
    return this.current;
  }

  /** Sends an invocation; resolves with its first answer. */
  async invoke(
    functionId: string,
    event: unknown,
    options: InvokeOptions = {},
  ): Promise<Answer> {
    const message = await this.invokeMessage(functionId, event, options);
    const answered = this.answerOf(message.id);
    this.send(message);
    return answered;
  }

  /** An invoke message, not yet sent. */
  async invokeMessage(
    functionId: string,
    event: unknown,
    options: InvokeOptions = {},
  ): Promise<Extract<Message, { action: 'invoke' }>> {
    const id = options.id ?? randomUUID();
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    const context = {
      awsRequestId: id,
      functionName: functionId,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:f`,
      memoryLimitInMB: '128',
      logGroupName: '/aws/lambda/f',
      logStreamName: 'stream',
      deadline,
      sentAt: Date.now(),
      ...options.context,
    };
    const env = options.env ?? {};
    const payload = await writePayload({ event, context, env });
    return {
      action: 'invoke',
      v: 1,
      id,
      app: 'app',
      stage: 'dev',
      function: functionId,
      deadline,
      payload,
      stub: options.stub ?? 'stub-1',
    };
  }

  /** Resolves with the next answer for `id`. */
  answerOf(id: string): Promise<Answer> {
    return new Promise((resolve) => this.waiters.set(id, resolve));
  }

  /** Resolves with the next received message that matches. */
  next(match: (message: Message) => boolean): Promise<Message> {
    return new Promise((resolve) => {
      const listener = (message: Message): void => {
        if (!match(message)) return;
        this.listeners.delete(listener);
        resolve(message);
      };
      this.listeners.add(listener);
    });
  }

  /** Sends a message to the registered runner connection. */
  send(message: Message): void {
    if (!this.current) throw new Error('no runner is registered');
    this.current.send(encodeMessage(message));
  }

  /** Sends the `registered` messages held back. */
  releaseRegistered(): void {
    this.holdRegistered = false;
    for (const send of this.heldRegistrations.splice(0)) send();
  }

  /** Cuts the runner's connection as a network drop would. */
  drop(): void {
    this.current?.terminate();
    this.current = undefined;
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(socket: WebSocket): void {
    socket.on('message', (data) => {
      const message = decodeMessage(data as Buffer);
      this.received.push(message);
      void this.handle(socket, message);
    });
  }

  private async handle(socket: WebSocket, message: Message): Promise<void> {
    if (message.action === 'register' && this.faultRegister) {
      const text = 'this connection may not register';
      socket.send(
        encodeMessage({
          action: 'fault',
          v: 1,
          code: 'FORBIDDEN',
          message: text,
        }),
      );
    } else if (message.action === 'register') {
      this.current = socket;
      this.registered.push(socket);
      const connection = randomUUID();
      const { app, stage } = message;
      const send = () =>
        socket.send(
          encodeMessage({ action: 'registered', v: 1, app, stage, connection }),
        );
      if (this.holdRegistered) this.heldRegistrations.push(send);
      else send();
    }
    if (this.refusesAnswer(socket, message)) return;
    if (message.action === 'result' || message.action === 'error') {
      await this.record(message);
    }
    for (const listener of [...this.listeners]) listener(message);
  }

  // As the relay's FORBIDDEN for a connection it does not count as
  // registered: the answer goes nowhere.
  private refusesAnswer(socket: WebSocket, message: Message): boolean {
    const { action } = message;
    if (action !== 'result' && action !== 'error' && action !== 'ack') {
      return false;
    }
    const old = this.refuseOldConnections && socket !== this.current;
    const counted = action !== 'ack' && this.refuseAnswers > 0;
    if (!old && !counted) return false;
    if (!old) this.refuseAnswers--;
    this.refused.push(message);
    const fault = {
      action: 'fault',
      v: 1,
      code: 'FORBIDDEN',
      message: 'register before answering',
      id: message.id,
    } as const;
    socket.send(encodeMessage(fault));
    return true;
  }

  private async record(
    message: Extract<Message, { action: 'result' | 'error' }>,
  ): Promise<void> {
    const answer: Answer =
      message.action === 'result'
        ? { ...message, value: await readPayload(message.payload) }
        : message;
    this.answers.push(answer);
    const waiter = this.waiters.get(message.id);
    this.waiters.delete(message.id);
    waiter?.(answer);
  }
}
