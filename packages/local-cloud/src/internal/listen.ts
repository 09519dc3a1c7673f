import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The only host local-cloud listens on: nothing leaves this machine. */
export const LOOPBACK = '127.0.0.1';

/** Listens on an ephemeral loopback port and resolves with that port. */
export function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Stops listening and ends every open connection, idle keep-alive sockets
 * included (a plain `close()` waits for clients to hang up first).
 */
export function closeServer(server: Server): Promise<void> {
  if (!server.listening) {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
