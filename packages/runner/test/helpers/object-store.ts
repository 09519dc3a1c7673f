import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SpillTarget } from '@tether/codec';

/** A one-object HTTP store standing in for presigned S3 URLs. */
export interface ObjectStore {
  target: SpillTarget;
  puts: number;
  close(): Promise<void>;
}

/** Starts a store on 127.0.0.1 that keeps one object in memory. */
export async function startObjectStore(): Promise<ObjectStore> {
  let body: Buffer | undefined;
  const store = { puts: 0 } as ObjectStore;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'PUT') {
        body = Buffer.concat(chunks);
        store.puts++;
      } else if (request.method === 'DELETE') body = undefined;
      else if (request.method === 'GET' && body) return response.end(body);
      else response.statusCode = request.method === 'GET' ? 404 : 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/payloads/result`;
  store.target = { key: 'payloads/result', put: url, get: url, delete: url };
  store.close = () => new Promise((resolve) => server.close(() => resolve()));
  return store;
}
