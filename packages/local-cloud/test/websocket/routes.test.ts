import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { WebSocketApi } from '../../src/index.js';
import { collect, openSocket, refusal } from '../helpers/sockets.js';
import { RECORDER, startTestApi, type TestApi } from '../helpers/test-api.js';

const gate = `
exports.handler = async (event) => {
  const q = event.queryStringParameters || {};
  if (q.fail === 'throw') throw new Error('refused by handler');
  if (q.protocol) {
    return { statusCode: 200, headers: { 'sec-websocket-protocol': q.protocol } };
  }
  return { statusCode: q.status ? Number(q.status) : 200 };
};`;

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fixtures = resolve(repoRoot, '../shared/fixtures/events');

async function fixture(name: string): Promise<Record<string, unknown>> {
  const text = await readFile(resolve(fixtures, name), 'utf8');
  return JSON.parse(text.replace(/^\uFEFF/, ''));
}

function keysOf(event: Record<string, unknown>) {
  return {
    top: Object.keys(event),
    context: Object.keys(event.requestContext as object),
  };
}

const broken = 'exports.handler = async () => { throw new Error("boom"); };';

describe('WebSocket routes', () => {
  let started: TestApi;
  let api: WebSocketApi;

  beforeAll(async () => {
    started = await startTestApi(
      { recorder: RECORDER, broken },
      {
        stage: 'dev',
        routes: {
          $connect: { integration: 'lambda', functionName: 'recorder' },
          $disconnect: { integration: 'lambda', functionName: 'recorder' },
          echo: {
            integration: 'lambda',
            functionName: 'recorder',
            routeResponse: true,
          },
          oneWay: { integration: 'lambda', functionName: 'recorder' },
          broken: { integration: 'lambda', functionName: 'broken' },
          ping: { integration: 'mock' },
          hello: { integration: 'mock', response: '{"hi":true}' },
        },
      },
    );
    api = started.api;
  });

  afterAll(async () => {
    await started.stop();
  });

  it('sends a $connect event in API Gateway shape', async () => {
    const socket = await openSocket(`${api.url}?name=me&name=you`, {
      'User-Agent': 'tests',
    });
    const [id] = api.connectionIds();

    const event = await started.recorded('$connect', id as string);

    const context = event.requestContext as Record<string, unknown>;
    expect(context).toMatchObject({
      routeKey: '$connect',
      eventType: 'CONNECT',
      messageDirection: 'IN',
      stage: 'dev',
      domainName: api.domainName,
      connectionId: id,
      apiId: api.id,
      identity: { userAgent: 'tests', sourceIp: '127.0.0.1' },
    });
    expect(context.requestTime).toMatch(
      /^\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000$/,
    );
    expect(event.queryStringParameters).toEqual({ name: 'you' });
    expect(event.multiValueQueryStringParameters).toEqual({
      name: ['me', 'you'],
    });
    expect(event.headers).toMatchObject({
      'User-Agent': 'tests',
      'X-Forwarded-Proto': 'http',
    });
    expect(event.isBase64Encoded).toBe(false);
    socket.terminate();
  });

  it('builds events with the keys, in the order, of API Gateway own', async () => {
    const connect = await fixture(
      'aws-lambda-dotnet/websocket-api-connect-request.json',
    );
    const message = await fixture(
      'aws-lambda-go/apigw-websocket-request-send-message.json',
    );
    const socket = await openSocket(api.url);
    const next = collect(socket);
    const [id] = api.connectionIds().slice(-1);

    socket.send(JSON.stringify({ action: 'echo' }));
    const sent = JSON.parse(await next());
    const connected = await started.recorded('$connect', id as string);

    expect(keysOf(connected)).toEqual(keysOf(connect));
    expect(keysOf(sent)).toEqual(keysOf(message));
    socket.terminate();
  });

  it('routes a message by its action and sends the route response', async () => {
    const socket = await openSocket(api.url);
    const next = collect(socket);

    socket.send(JSON.stringify({ action: 'echo', n: 1 }));
    const event = JSON.parse(await next());

    expect(event.requestContext).toMatchObject({
      routeKey: 'echo',
      eventType: 'MESSAGE',
      messageDirection: 'IN',
      stage: 'dev',
    });
    expect(event.requestContext.messageId).toMatch(/^[A-Za-z0-9]{15}=$/);
    expect(event.body).toBe('{"action":"echo","n":1}');
    expect(event.isBase64Encoded).toBe(false);
    socket.terminate();
  });

  it('sends nothing back from a one-way route', async () => {
    const socket = await openSocket(api.url);
    const next = collect(socket);

    socket.send(JSON.stringify({ action: 'oneWay' }));
    socket.send(JSON.stringify({ action: 'hello' }));

    expect(await next()).toBe('{"hi":true}');
    socket.terminate();
  });

  it('answers a mock route without invoking anything', async () => {
    const socket = await openSocket(api.url);
    const next = collect(socket);

    socket.send(JSON.stringify({ action: 'ping' }));
    socket.send(JSON.stringify({ action: 'hello' }));

    expect(await next()).toBe('{"hi":true}');
    socket.terminate();
  });

  it('answers Forbidden to an unknown route when there is no $default', async () => {
    const socket = await openSocket(api.url);
    const next = collect(socket);
    const [id] = api.connectionIds().slice(-1);

    socket.send(JSON.stringify({ action: 'nowhere' }));
    const answer = JSON.parse(await next());

    expect(answer).toMatchObject({ message: 'Forbidden', connectionId: id });
    expect(answer.requestId).toMatch(/=$/);
    socket.terminate();
  });

  it('answers Forbidden to a message that is not JSON', async () => {
    const socket = await openSocket(api.url);
    const next = collect(socket);

    socket.send('{not json');

    expect(JSON.parse(await next())).toMatchObject({ message: 'Forbidden' });
    socket.terminate();
  });

  it('answers Internal server error when the integration fails', async () => {
    const socket = await openSocket(api.url);
    const next = collect(socket);

    socket.send(JSON.stringify({ action: 'broken' }));

    expect(JSON.parse(await next())).toMatchObject({
      message: 'Internal server error',
    });
    socket.terminate();
  });

  it('sends a $disconnect event with the client close code', async () => {
    const socket = await openSocket(api.url);
    const [id] = api.connectionIds().slice(-1);

    socket.close(1000, 'bye');
    const event = await started.recorded('$disconnect', id as string);

    expect(event.requestContext).toMatchObject({
      routeKey: '$disconnect',
      eventType: 'DISCONNECT',
      disconnectStatusCode: 1000,
      connectionId: id,
    });
    expect(event.headers).toMatchObject({ Host: api.domainName });
  });

  it('reports the close code local-cloud sent in $disconnect', async () => {
    const socket = await openSocket(api.url);
    const [id] = api.connectionIds().slice(-1);

    socket.send(Buffer.from([0]), { binary: true });
    const event = await started.recorded('$disconnect', id as string);

    expect(event.requestContext).toMatchObject({
      disconnectStatusCode: 1003,
      disconnectReason: 'Unsupported data',
    });
  });

  it('refuses a connection on another stage path with 403', async () => {
    const url = api.url.replace('/dev', '/prod');

    const { status } = await refusal(url);

    expect(status).toBe(403);
  });
});

describe('$connect integrations', () => {
  let started: TestApi;
  let api: WebSocketApi;

  beforeAll(async () => {
    started = await startTestApi(
      { gate },
      {
        routes: {
          $connect: { integration: 'lambda', functionName: 'gate' },
          $default: { integration: 'mock', response: 'default' },
        },
      },
    );
    api = started.api;
  });

  afterAll(async () => {
    await started.stop();
  });

  it('refuses with the statusCode a $connect handler returns', async () => {
    const { status } = await refusal(`${api.url}?status=401`);

    expect(status).toBe(401);
    expect(api.connectionIds()).toEqual([]);
  });

  it('refuses with 500 when the $connect handler throws', async () => {
    const { status, body } = await refusal(`${api.url}?fail=throw`);

    expect(status).toBe(500);
    expect(JSON.parse(body)).toEqual({ message: 'Internal server error' });
  });

  it('agrees on the subprotocol the $connect handler returns', async () => {
    const socket = new WebSocket(`${api.url}?protocol=chat`, ['other', 'chat']);

    await once(socket, 'open');

    expect(socket.protocol).toBe('chat');
    socket.terminate();
  });

  it('agrees on no subprotocol the $connect handler did not return', async () => {
    const socket = new WebSocket(api.url, ['chat']);

    const [error] = await once(socket, 'error');

    expect((error as Error).message).toBe('Server sent no subprotocol');
  });

  it('routes anything unmatched to $default', async () => {
    const socket = await openSocket(api.url);
    const next = collect(socket);

    socket.send(JSON.stringify({ action: 'other' }));
    socket.send('plain text');

    expect([await next(), await next()]).toEqual(['default', 'default']);
    socket.terminate();
  });
});
