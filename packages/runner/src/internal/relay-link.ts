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
  /**
   * Sends `register` again on this connection and resolves once its
   * `registered` arrives; messages meanwhile still reach `onMessage`.
   * @throws {RunnerError} `REGISTER_FAILED` (fault, no answer in
   * `timeoutMs`, or the socket closed), `EVICTED`.
   */
  reregister(register: WireMessage, timeoutMs: number): Promise<void>;
  close(): void;
}

/** What a failed registration leaves behind. */
export interface RegisterFailure {
  /** Whether `register` went out: the relay may have handled it. */
  registerSent: boolean;
  /**
   * What the relay routed to the connection before it was dropped
   * (invocations whose stubs still wait for an answer).
   */
  early: WireMessage[];
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
  /** The registration failed; called before the promise rejects. */
  onFailure?(failure: RegisterFailure): void;
}

/** A link, and the hook its socket's messages go through first. */
interface LinkParts {
  link: RelayLink;
  /** True when the message answered a pending `reregister`. */
  claim(message: WireMessage): boolean;
}

function sendOn(socket: WebSocket, message: WireMessage): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.readyState !== WebSocket.OPEN) return resolve(false);
    let frame: string;
    try {
      frame = encodeFrame(message);
    } catch {
      return resolve(false);
    }
    socket.send(frame, (error) => resolve(!error));
  });
}

function createLink(socket: WebSocket, connectionId: string): LinkParts {
  let pending: ((message: WireMessage) => boolean) | undefined;
  const link: RelayLink = {
    connectionId,
    socket,
    isOpen: () => socket.readyState === WebSocket.OPEN,
    send: (message) => sendOn(socket, message),
    reregister: (register, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const settle = (error?: RunnerError): void => {
          clearTimeout(timer);
          socket.off('close', onClose);
          pending = undefined;
          if (error) reject(error);
          else resolve();
        };
        const onClose = (): void =>
          settle(
            new RunnerError('REGISTER_FAILED', 'closed while registering'),
          );
        const timer = setTimeout(() => {
          settle(new RunnerError('REGISTER_FAILED', 'no answer to register'));
        }, timeoutMs);
        socket.once('close', onClose);
        pending = (message) => claimRegistration(message, settle);
        void sendOn(socket, register).then((sent) => {
          if (!sent) onClose();
        });
      }),
    close: () => {
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else socket.close(1000, 'replaced');
    },
  };
  return { link, claim: (message) => pending?.(message) ?? false };
}

// A fault that names an invocation answers that invocation, not the
// registration.
function claimRegistration(
  message: WireMessage,
  settle: (error?: RunnerError) => void,
): boolean {
  if (message.action === 'registered') {
    settle();
    return true;
  }
  if (message.action === 'fault' && message.id !== undefined) return false;
  const refusal = answerToRegister(message);
  if (refusal) settle(refusal);
  return refusal !== undefined;
}

function answerToRegister(message: WireMessage): RunnerError | undefined {
  if (message.action === 'evicted') {
    return new RunnerError('EVICTED', `evicted: ${String(message.reason)}`);
  }
  if (message.action === 'fault' && message.code === 'EVICTED') {
    return new RunnerError('EVICTED', `evicted: ${String(message.message)}`);
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
    let parts: LinkParts | undefined;
    let settled = false;
    let registerSent = false;
    // The relay may route an invocation to this connection as soon as it
    // has registered it, before `registered` itself arrives.
    const early: WireMessage[] = [];
    const fail = (error: RunnerError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.terminate();
      // Those invocations are routed here and nowhere else: the caller
      // may still run them and answer on another connection.
      options.onFailure?.({ registerSent, early: early.splice(0) });
      reject(error);
    };
    const accept = (connectionId: string): void => {
      settled = true;
      clearTimeout(timer);
      const made = createLink(socket, connectionId);
      parts = made;
      resolve(made.link);
      // After the caller has taken the link over.
      setImmediate(() => {
        for (const queued of early) options.onMessage(queued, made.link);
      });
    };
    const timer = setTimeout(() => {
      fail(new RunnerError('REGISTER_FAILED', 'no answer to register'));
    }, options.timeoutMs);
    socket.on('open', () => {
      registerSent = true;
      socket.send(encodeFrame(options.register));
    });
    socket.on('message', (data, isBinary) => {
      const message = decodeFrame(data, isBinary, options.logger);
      if (!message || (settled && !parts)) return;
      if (parts) {
        if (!parts.claim(message)) options.onMessage(message, parts.link);
        return;
      }
      const refusal = answerToRegister(message);
      if (refusal) return fail(refusal);
      if (message.action === 'registered') accept(String(message.connection));
      else early.push(message);
    });
    socket.on('error', (cause) => {
      fail(new RunnerError('CONNECT_FAILED', cause.message, { cause }));
    });
    socket.on('close', (code, reason) => {
      if (parts) return options.onClose(parts.link, code, reason.toString());
      fail(new RunnerError('CONNECT_FAILED', `closed with ${code}`));
    });
  });
}
