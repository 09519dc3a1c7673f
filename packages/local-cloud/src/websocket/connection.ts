import type { WebSocket } from 'ws';

/**
 * One client connection, from its `$connect` on. A connection is `pending`
 * while `$connect` runs (the @connections API answers 410 for it, as API
 * Gateway does), `open` after the upgrade, `closed` once gone.
 */
export interface Connection {
  readonly id: string;
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent: string | undefined;
  /** `requestContext.identity`, fixed at `$connect`. */
  readonly identity: Readonly<Record<string, unknown>>;
  state: 'pending' | 'open' | 'closed';
  lastActiveAt: number;
  socket?: WebSocket;
  /** Set when local-cloud closed it: what `$disconnect` reports. */
  closedBy?: { code: number; reason: string };
  timers: NodeJS.Timeout[];
}

/** The live connections of one API, by id. */
export type ConnectionRegistry = Map<string, Connection>;
