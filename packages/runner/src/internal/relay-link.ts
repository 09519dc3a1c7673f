import WebSocket from 'ws';
import { RunnerError } from '../errors.js';
import type { Logger } from '../logger.js';
import { signUrl, type UrlSigner } from './sign-url.js';
import { decodeFrame, encodeFrame, type WireMessage } from './wire.js';

/** One registered WebSocket connection to the relay. */
export interface RelayLink {
  /** The relay's id of this connection (from `registered`). */
  readonly connectionId: string;
  readonly socket: WebSocket;
  /** Sends a message; resolves false when it could not be written. */
  send(message: WireMessage): Promise<boolean>;
  /** Whether the socket is open. */
  isOpen(): boolean;
  close(): void;
}

/** How to open and register a link. */
export interface OpenLinkOptions {
  url: string;
  signer: UrlSigner;
  register: WireMessage;
  timeoutMs: number;
  logger: Logger;
  /** Every message after `registered`. */
  onMessage(message: WireMessage, link: RelayLink): void;
  /** The socket closed after registration. */
  onClose(link: RelayLink, code: number, reason: string): void;
}

function createLink(socket: WebSocket, connectionId: string): RelayLink {
  return {
    connectionId,
    socket,
    isOpen: () => socket.readyState === WebSocket.OPEN,
    send: (message) =>
      new Promise((resolve) => {
        if (socket.readyState !== WebSocket.OPEN) return resolve(false);
        let frame: string;
        try {
          frame = encodeFrame(message);
        } catch {
          return resolve(false);
        }
        socket.send(frame, (error) => resolve(!error));
      }),
    close: () => {
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else socket.close(1000, 'replaced');
    },
  };
}

function answerToRegister(message: WireMessage): RunnerError | undefined {
  if (message.action === 'evicted') {
    return new RunnerError('EVICTED', `evicted: ${String(message.reason)}`);
  }
  if (message.action === 'fault') {
    const text = `${String(message.code)}: ${String(message.message)}`;
    return new RunnerError('REGISTER_FAILED', `registration refused ${text}`);
  }
  return undefined;
}

/**
 * Opens a SigV4-presigned WebSocket to the relay, sends `register`, and
 * resolves once `registered` arrives.
 *
 * @throws {RunnerError} `CONNECT_FAILED` (socket), `REGISTER_FAILED`
 * (fault or no answer in `timeoutMs`), `EVICTED`.
 */
export async function openLink(options: OpenLinkOptions): Promise<RelayLink> {
  // The relay lets only a `kind=runner` connection register; the kind is
  // set before signing, so the signature covers it (contracts, section 1).
  const url = new URL(options.url);
  url.searchParams.set('kind', 'runner');
  const signed = await signUrl(url.toString(), options.signer).catch(
    (cause) => {
      throw new RunnerError('CONNECT_FAILED', 'no AWS credentials to sign', {
        cause,
      });
    },
  );
  const socket = new WebSocket(signed, {
    handshakeTimeout: options.timeoutMs,
  });
  return register(socket, options);
}

function register(
  socket: WebSocket,
  options: OpenLinkOptions,
): Promise<RelayLink> {
  return new Promise<RelayLink>((resolve, reject) => {
    let link: RelayLink | undefined;
    // The relay may route an invocation to this connection as soon as it
    // has registered it, before `registered` itself arrives.
    const early: WireMessage[] = [];
    const fail = (error: RunnerError): void => {
      clearTimeout(timer);
      socket.terminate();
      reject(error);
    };
    const timer = setTimeout(() => {
      fail(new RunnerError('REGISTER_FAILED', 'no answer to register'));
    }, options.timeoutMs);
    socket.on('open', () => socket.send(encodeFrame(options.register)));
    socket.on('message', (data, isBinary) => {
      const message = decodeFrame(data, isBinary, options.logger);
      if (!message) return;
      if (link) return options.onMessage(message, link);
      const refusal = answerToRegister(message);
      if (refusal) return fail(refusal);
      if (message.action !== 'registered') return void early.push(message);
      clearTimeout(timer);
      const registered = createLink(socket, String(message.connection));
      link = registered;
      resolve(registered);
      // After the caller has taken the link over.
      setImmediate(() => {
        for (const queued of early) options.onMessage(queued, registered);
      });
    });
    socket.on('error', (cause) => {
      if (!link)
        fail(new RunnerError('CONNECT_FAILED', cause.message, { cause }));
    });
    socket.on('close', (code, reason) => {
      if (link) return options.onClose(link, code, reason.toString());
      fail(new RunnerError('CONNECT_FAILED', `closed with ${code}`));
    });
  });
}
