import type { Payload, SpillTarget } from './payload.js';

/** The protocol version every message carries as `v`. */
export const PROTOCOL_VERSION = 1;

/** Every `action` of protocol version 1. */
export const ACTIONS = [
  'register',
  'registered',
  'evicted',
  'invoke',
  'resume',
  'ack',
  'result',
  'error',
  'fault',
  'ping',
] as const;

/** One of {@link ACTIONS}. */
export type Action = (typeof ACTIONS)[number];

/** The fault codes the relay sends in a `fault` message. */
export const FAULT_CODES = [
  'NO_RUNNER',
  'RUNNER_GONE',
  'STUB_GONE',
  'FORBIDDEN',
  'MALFORMED',
  'UNKNOWN_ACTION',
  'UNSUPPORTED_VERSION',
  'EVICTED',
] as const;

/**
 * A relay fault code. Decoding accepts any non-empty code so that an older
 * reader still shows a newer relay's fault.
 */
export type FaultCode = (typeof FAULT_CODES)[number] | (string & {});

interface Envelope<A extends Action> {
  action: A;
  v: typeof PROTOCOL_VERSION;
}

/** runner → relay: register this connection as the stage's runner. */
export interface RegisterMessage extends Envelope<'register'> {
  app: string;
  stage: string;
  /** The runner's own UUID, stable across its reconnects. */
  runner: string;
  /** Live function ids the runner serves. */
  functions: string[];
}

/** relay → runner: registration accepted. */
export interface RegisteredMessage extends Envelope<'registered'> {
  app: string;
  stage: string;
  /** This connection's id. */
  connection: string;
}

/** relay → old runner: another runner took the stage; do not reconnect. */
export interface EvictedMessage extends Envelope<'evicted'> {
  app: string;
  stage: string;
  reason: string;
  /** The new runner's UUID. */
  by: string;
}

/** stub → relay → runner: run this invocation. */
export interface InvokeMessage extends Envelope<'invoke'> {
  /** Invocation id: a UUID made by the stub, kept across reconnects. */
  id: string;
  app: string;
  stage: string;
  /** Live function id. */
  function: string;
  /** Epoch milliseconds by which the invocation must finish. */
  deadline: number;
  /** `{ event, context, env }`. */
  payload: Payload;
  /** Where the runner may spill a big result. */
  result?: SpillTarget;
  /** The stub's connection id, added by the relay. */
  stub?: string;
}

/** stub → relay → runner: the stub reconnected; answer `id` here. */
export interface ResumeMessage extends Envelope<'resume'> {
  id: string;
  app: string;
  stage: string;
  /** The stub's new connection id, added by the relay. */
  stub?: string;
}

/** runner → relay → stub: the runner has the invocation. */
export interface AckMessage extends Envelope<'ack'> {
  id: string;
  stub: string;
}

/** runner → relay → stub: the handler's return value. */
export interface ResultMessage extends Envelope<'result'> {
  id: string;
  stub: string;
  payload: Payload;
}

/** A Lambda-shaped error. */
export interface InvocationError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

/** runner → relay → stub: the handler failed. */
export interface ErrorMessage extends Envelope<'error'> {
  id: string;
  stub: string;
  error: InvocationError;
}

/** relay → either side: a protocol-level refusal. */
export interface FaultMessage extends Envelope<'fault'> {
  code: FaultCode;
  message: string;
  id?: string;
}

/** runner/stub → API: keep-alive, answered by a mock integration. */
export interface PingMessage extends Envelope<'ping'> {}

/** Every message that crosses the relay. */
export type Message =
  | RegisterMessage
  | RegisteredMessage
  | EvictedMessage
  | InvokeMessage
  | ResumeMessage
  | AckMessage
  | ResultMessage
  | ErrorMessage
  | FaultMessage
  | PingMessage;

/** The message of a given action. */
export type MessageOf<A extends Action> = Extract<Message, { action: A }>;
