import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { WebSocketApi } from '../../src/index.js';
import { guardFrameSize } from '../../src/websocket/frame-size-guard.js';
import { closed, collect, openSocket } from '../helpers/sockets.js';
import { startTestApi, type TestApi } from '../helpers/test-api.js';

const echo = `
exports.handler = async (event) => ({ statusCode: 200, body: event.body });`;

function sendFragmented(socket: WebSocket, text: string, frame: number) {
  const bytes = Buffer.from(text);
  for (let offset = 0; offset < bytes.length; offset += frame) {
    const fin = offset + frame >= bytes.length;
    socket.send(bytes.subarray(offset, offset + frame), { binary: false, fin });
  }
}

describe('WebSocket quotas', () => {
  let started: TestApi;
  let api: WebSocketApi;

  beforeAll(async () => {
    started = await startTestApi(
      { echo },
      {
        quotas: { frameBytes: 1024, messageBytes: 4096 },
        routes: {
          $default: {
            integration: 'lambda',
            functionName: 'echo',
            routeResponse: true,
          },
        },
      },
    );
    api = started.api;
  });

  afterAll(async () => {
    await started.stop();
  });

  it('takes a message of several frames within both limits', async () => {
    const socket = await openSocket(api.url);
    const next = collect(socket);
    const text = 'a'.repeat(4000);

    sendFragmented(socket, text, 1000);

    expect(await next()).toBe(text);
    socket.terminate();
  });

  it('closes with 1009 at a frame over the frame quota', async () => {
    const socket = await openSocket(api.url);
    const close = closed(socket);

    socket.send('b'.repeat(1025));

    expect(await close).toMatchObject({ code: 1009 });
  });

  it('closes with 1009 at a message over the message quota', async () => {
    const socket = await openSocket(api.url);
    const close = closed(socket);

    sendFragmented(socket, 'c'.repeat(4097), 1000);

    expect((await close).code).toBe(1009);
  });

  it('says Message too big at a message over the message quota', async () => {
    const socket = await openSocket(api.url);
    const close = closed(socket);

    sendFragmented(socket, 'c'.repeat(4097), 1000);

    expect(await close).toMatchObject({
      code: 1009,
      reason: 'Message too big',
    });
  });

  it('closes with 1003 at a binary frame', async () => {
    const socket = await openSocket(api.url);
    const close = closed(socket);

    socket.send(Buffer.from([1, 2, 3]), { binary: true });

    expect(await close).toMatchObject({ code: 1003 });
  });

  it('closes with 1002 at bytes that are not a WebSocket frame', async () => {
    const socket = await openSocket(api.url);
    const close = closed(socket);
    const raw = (socket as unknown as { _socket: NodeJS.WritableStream })
      ._socket;

    raw.write(Buffer.from('hello world\r\n'));

    expect((await close).code).toBe(1002);
  });

  it('splits a long outgoing message into frames within the quota', async () => {
    const socket = await openSocket(api.url);
    const next = collect(socket);
    const raw = (socket as unknown as { _socket: Duplex })._socket;
    const over = { quota: false, belowQuota: false };
    guardFrameSize(raw, 1024, () => {
      over.quota = true;
    });
    guardFrameSize(raw, 1023, () => {
      over.belowQuota = true;
    });
    const text = 'é'.repeat(1500);

    sendFragmented(socket, text, 1000);

    expect(await next()).toBe(text);
    // 3,000 bytes came in frames of 1,024 bytes at most, some of exactly.
    expect(over).toEqual({ quota: false, belowQuota: true });
    socket.terminate();
  });
});

describe('WebSocket connection timeouts', () => {
  let started: TestApi;
  let api: WebSocketApi;

  beforeAll(async () => {
    started = await startTestApi(
      {},
      {
        quotas: { idleTimeoutMs: 300, maxConnectionMs: 900 },
        routes: { ping: { integration: 'mock' } },
      },
    );
    api = started.api;
  });

  afterAll(async () => {
    await started.stop();
  });

  it('closes an idle connection with 1001', async () => {
    const socket = await openSocket(api.url);

    const close = await closed(socket);

    expect(close.code).toBe(1001);
  });

  it('closes a busy connection with 1001 at the duration quota', async () => {
    const socket = await openSocket(api.url);
    let pings = 0;
    const pinger = setInterval(() => {
      socket.send(JSON.stringify({ action: 'ping' }));
      pings += 1;
    }, 50);

    const close = await closed(socket);
    clearInterval(pinger);

    expect(close.code).toBe(1001);
    // Pinging kept it open well past the idle quota (300 ms).
    expect(pings).toBeGreaterThan(8);
  });
});
