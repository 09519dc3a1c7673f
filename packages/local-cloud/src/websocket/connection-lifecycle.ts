import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { type ApiRuntime, closeConnection, touch } from './api-runtime.js';
import { CLOSE } from './close-codes.js';
import type { Connection } from './connection.js';
import { guardFrameSize } from './frame-size-guard.js';
import { invokeIntegration } from './integration.js';
import { dispatchMessage } from './message-dispatch.js';
import { createDisconnectEvent } from './proxy-events.js';

const CLOSE_NAMES: Record<number, string> = {
  1000: 'Normal Closure',
  1001: 'Going Away',
  1005: 'No Status Received',
  1006: 'Abnormal Closure',
};

function describeClientClose(code: number, reason: string): string {
  const name = CLOSE_NAMES[code] ?? 'Close';
  const suffix = reason ? ` - with reason: ${reason}` : '';
  return `Client-side close frame status code ${code} (${name})${suffix}`;
}

/**
 * Takes over an upgraded socket: the quota timers, the frame guard,
 * message routing, and `$disconnect` when it closes, whoever closes it.
 */
export function attachSocket(
  runtime: ApiRuntime,
  connection: Connection,
  socket: WebSocket,
  raw: Duplex,
): void {
  const { quotas, logger } = runtime.options;
  connection.socket = socket;
  connection.state = 'open';
  connection.timers.push(
    setTimeout(
      () => closeConnection(connection, CLOSE.goingAway),
      quotas.idleTimeoutMs,
    ).unref(),
    setTimeout(
      () => closeConnection(connection, CLOSE.goingAway),
      quotas.maxConnectionMs,
    ).unref(),
  );
  guardFrameSize(
    raw,
    quotas.frameBytes,
    () => closeConnection(connection, CLOSE.tooBig),
    quotas.messageBytes,
  );
  socket.on('error', (error) =>
    logger.debug(`connection ${connection.id}: ${error.message}`),
  );
  socket.on('message', (data, isBinary) => {
    if (connection.closedBy) {
      return;
    }
    if (isBinary) {
      closeConnection(connection, CLOSE.unsupportedData);
      return;
    }
    touch(connection);
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
    dispatchMessage(runtime, connection, text).catch((error) =>
      logger.error(`a message on ${connection.id} failed`, error),
    );
  });
  socket.on('close', (code, reason) => {
    onClosed(runtime, connection, code, reason.toString('utf8')).catch(
      (error) => logger.error(`$disconnect of ${connection.id} failed`, error),
    );
  });
}

async function onClosed(
  runtime: ApiRuntime,
  connection: Connection,
  code: number,
  reason: string,
): Promise<void> {
  connection.state = 'closed';
  for (const timer of connection.timers) {
    clearTimeout(timer);
  }
  runtime.connections.delete(connection.id);
  const route = runtime.options.routes.$disconnect;
  if (runtime.stopping || route?.integration !== 'lambda') {
    return;
  }
  const closedBy = connection.closedBy;
  const event = createDisconnectEvent(
    runtime.source,
    connection,
    closedBy?.code ?? code,
    closedBy?.reason ?? describeClientClose(code, reason),
  );
  await invokeIntegration(runtime, route.functionName, event);
}
