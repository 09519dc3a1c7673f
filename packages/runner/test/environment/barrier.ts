import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP barrier: each handler calls `url` and waits until `parties`
 * calls have arrived, so the invocations provably overlap, however slowly
 * the machine starts processes.
 */
export async function startBarrier(parties: number) {
  const waiting: (() => void)[] = [];
  const server = createServer((_request, response) => {
    waiting.push(() => response.end('go'));
    if (waiting.length >= parties) for (const release of waiting) release();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
