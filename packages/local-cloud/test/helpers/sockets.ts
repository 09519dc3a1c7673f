import { readFile } from 'node:fs/promises';
import { WebSocket } from 'ws';

/** Opens a client socket; rejects with the HTTP status when refused. */
export function openSocket(
  url: string,
  headers: Record<string, string> = {},
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        reject(
          Object.assign(new Error(`refused with ${response.statusCode}`), {
            status: response.statusCode,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        ),
      );
    });
    socket.once('error', reject);
  });
}

/** The status and body an upgrade was refused with. */
export async function refusal(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  try {
    const socket = await openSocket(url, headers);
    socket.terminate();
  } catch (error) {
    const { status, body } = error as { status: number; body: string };
    return { status, body };
  }
  throw new Error('the connection was accepted');
}

/** Buffers incoming text messages so none is missed between awaits. */
export function collect(socket: WebSocket): () => Promise<string> {
  const queue: string[] = [];
  const waiting: ((text: string) => void)[] = [];
  socket.on('message', (data) => {
    const text = data.toString();
    const next = waiting.shift();
    if (next) {
      next(text);
    } else {
      queue.push(text);
    }
  });
  return () => {
    const queued = queue.shift();
    if (queued !== undefined) {
      return Promise.resolve(queued);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
}

/** Resolves with the close code and reason the socket sees. */
export function closed(
  socket: WebSocket,
): Promise<{ code: number; reason: string }> {
  if (socket.readyState === socket.CLOSED) {
    throw new Error('already closed');
  }
  return new Promise((resolve) =>
    socket.once('close', (code, reason) =>
      resolve({ code, reason: reason.toString() }),
    ),
  );
}

/** Waits for a file that a handler writes, and parses it as JSON. */
export async function waitForJson(
  path: string,
  timeoutMs = 10_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
