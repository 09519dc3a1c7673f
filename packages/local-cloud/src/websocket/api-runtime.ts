import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Connection, ConnectionRegistry } from './connection.js';
import type { EventSource } from './proxy-events.js';
import type { ResolvedWebSocketApiOptions } from './websocket-api-options.js';

/** The live state of one WebSocket API, shared by its handlers. */
export interface ApiRuntime {
  readonly options: ResolvedWebSocketApiOptions;
  readonly source: EventSource;
  readonly connections: ConnectionRegistry;
  readonly wss: WebSocketServer;
  /** Sockets whose `$connect` is still running: not yet upgraded. */
  readonly upgrading: Set<Duplex>;
  stopping: boolean;
}

/**
 * Sends one text message the way API Gateway does: split into frames of at
 * most the frame quota, so a client never sees a frame over 32 KB.
 */
export function sendText(
  socket: WebSocket,
  text: string,
  frameBytes: number,
): void {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= frameBytes) {
    socket.send(bytes, { binary: false });
    return;
  }
  for (let offset = 0; offset < bytes.length; offset += frameBytes) {
    const fin = offset + frameBytes >= bytes.length;
    const frame = bytes.subarray(offset, offset + frameBytes);
    socket.send(frame, { binary: false, fin });
  }
}

/** Sends to a connection if it is still open; `false` when it is gone. */
export function sendToConnection(
  runtime: ApiRuntime,
  connection: Connection,
  text: string,
): boolean {
  const socket = connection.socket;
  if (connection.state !== 'open' || socket?.readyState !== 1) {
    return false;
  }
  sendText(socket, text, runtime.options.quotas.frameBytes);
  touch(connection);
  return true;
}

/** Marks activity: restarts the idle timeout. */
export function touch(connection: Connection): void {
  connection.lastActiveAt = Date.now();
  const idle = connection.timers[0];
  idle?.refresh();
}

/**
 * Closes a connection from the API's side, remembering the code and reason
 * for its `$disconnect` event.
 */
export function closeConnection(
  connection: Connection,
  close: { code: number; reason: string },
): void {
  if (connection.state !== 'open' || connection.closedBy) {
    return;
  }
  connection.closedBy = close;
  connection.socket?.close(close.code, close.reason);
}
