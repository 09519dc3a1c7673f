import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of DynamoDB that counts the read operations
 * (`X-Amz-Target: DynamoDB_20120810.GetItem`…) passing through it, so a
 * test can see what a relay running in another process reads.
 */
export async function startReadCounter(target: string): Promise<{
  endpoint: string;
  reads: string[];
  stop(): Promise<void>;
}> {
  const reads: string[] = [];
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1];
    if (operation && /^(Get|BatchGet|Query|Scan)/.test(operation)) {
      reads.push(operation);
    }
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    reads,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
