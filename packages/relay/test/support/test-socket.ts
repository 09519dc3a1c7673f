import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import WebSocket from 'ws';
import { CREDENTIALS, REGION } from './local-stack.js';

/** A message as the tests read it. */
export type Frame = Record<string, unknown> & { action?: string };

/**
 * A plain `ws` client on the relay, as a runner or a stub would be:
 * SigV4-presigned `$connect` declaring its kind, and a queue of what it
 * received to await on.
 */
export class TestSocket {
  readonly socket: WebSocket;
  readonly received: Frame[] = [];
  readonly #waiters = new Set<() => void>();
  closed = false;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      let frame: Frame;
      try {
        frame = JSON.parse(data.toString()) as Frame;
      } catch {
        frame = { action: 'garbage', text: data.toString() };
      }
      this.received.push(frame);
      for (const wake of this.#waiters) wake();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const wake of this.#waiters) wake();
    });
  }

  /** Opens a signed connection declaring `kind`. */
  static async open(url: string, kind: string): Promise<TestSocket> {
    const socket = new WebSocket(await presignConnect(url, kind));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => {
        reject(new Error(`HTTP ${res.statusCode}`));
      });
    });
    return new TestSocket(socket);
  }

  send(message: unknown): void {
    this.socket.send(
      typeof message === 'string' ? message : JSON.stringify(message),
    );
  }

  /** The first received frame matching, waiting up to `timeoutMs`. */
  async next(
    match: (frame: Frame) => boolean,
    timeoutMs = 10_000,
  ): Promise<Frame> {
    const take = (): Frame | undefined => {
      const index = this.received.findIndex(match);
      return index < 0 ? undefined : this.received.splice(index, 1)[0];
    };
    const found = take();
    if (found !== undefined) return found;
    return new Promise((resolve, reject) => {
      const wake = (): void => {
        const frame = take();
        if (frame === undefined) return;
        done();
        resolve(frame);
      };
      const timer = setTimeout(() => {
        done();
        const seen = JSON.stringify(this.received).slice(0, 500);
        reject(new Error(`no matching frame in ${timeoutMs} ms; seen ${seen}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
      };
      this.#waiters.add(wake);
    });
  }

  /** Resolves when the connection is closed. */
  async closedByPeer(timeoutMs = 10_000): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('still open')),
        timeoutMs,
      );
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  close(): void {
    this.socket.terminate();
  }
}

/** Presigns a `$connect` URL with SigV4, as the runner and stub do. */
export async function presignConnect(
  url: string,
  kind: string,
): Promise<string> {
  const target = new URL(url);
  target.searchParams.set('kind', kind);
  const signer = new SignatureV4({
    service: 'execute-api',
    region: REGION,
    credentials: CREDENTIALS,
    sha256: Sha256,
  });
  const query = Object.fromEntries(target.searchParams);
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: target.protocol,
      hostname: target.hostname,
      port: Number(target.port),
      path: target.pathname,
      query,
      headers: { host: target.host },
    },
    { expiresIn: 60 },
  );
  target.search = '';
  for (const [key, value] of Object.entries(signed.query ?? {})) {
    if (typeof value === 'string') target.searchParams.set(key, value);
  }
  return target.toString();
}
