import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebSocketApi, type WebSocketApi } from '../../src/index.js';
import { startFunctions, type TestFunctions } from '../helpers/functions.js';
import {
  collect,
  openSocket,
  refusal,
  waitForJson,
} from '../helpers/sockets.js';

const credentials = {
  accessKeyId: 'AKIDLOCALTEST',
  secretAccessKey: 'local-secret',
};

// Records each event it gets in EVENTS_DIR, then answers with the event.
const recorder = `
const fs = require('node:fs');
const path = require('node:path');
exports.handler = async (event) => {
  const c = event.requestContext;
  const name = c.routeKey.replace('$', '') + '-' + c.connectionId + '.json';
  fs.writeFileSync(path.join(process.env.EVENTS_DIR, name),
    JSON.stringify(event));
  return { statusCode: 200, body: JSON.stringify(event) };
};`;

const gate = `
exports.handler = async (event) => {
  const q = event.queryStringParameters || {};
  if (q.fail === 'throw') throw new Error('refused by handler');
  return { statusCode: q.status ? Number(q.status) : 200 };
};`;

describe('WebSocket routes', () => {
  let events: string;
  let functions: TestFunctions;
  let api: WebSocketApi;

  beforeAll(async () => {
    events = await mkdtemp(join(tmpdir(), 'local-cloud-events-'));
    functions = await startFunctions(
      {
        recorder,
        gate,
        broken: 'exports.handler = async () => { throw new Error("boom"); };',
      },
      { environment: { EVENTS_DIR: events } },
    );
    api = await createWebSocketApi({
      invoker: functions.invoker,
      credentials,
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
    });
  });

  afterAll(async () => {
    await api.stop();
    await functions.stop();
    await rm(events, { recursive: true, force: true });
  });

  it('sends a $connect event in API Gateway shape', async () => {
    const socket = await openSocket(`${api.url}?name=me&name=you`, {
      'User-Agent': 'tests',
    });
    const [id] = api.connectionIds();

    const event = await waitForJson(join(events, `connect-${id}.json`));

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
    const event = await waitForJson(join(events, `disconnect-${id}.json`));

    expect(event.requestContext).toMatchObject({
      routeKey: '$disconnect',
      eventType: 'DISCONNECT',
      disconnectStatusCode: 1000,
      connectionId: id,
    });
    expect(event.headers).toMatchObject({ Host: api.domainName });
  });

  it('refuses a connection on another stage path with 403', async () => {
    const url = api.url.replace('/dev', '/prod');

    const { status } = await refusal(url);

    expect(status).toBe(403);
  });
});

describe('$connect integrations', () => {
  let functions: TestFunctions;
  let api: WebSocketApi;

  beforeAll(async () => {
    functions = await startFunctions({ gate });
    api = await createWebSocketApi({
      invoker: functions.invoker,
      credentials,
      routes: {
        $connect: { integration: 'lambda', functionName: 'gate' },
        $default: { integration: 'mock', response: 'default' },
      },
    });
  });

  afterAll(async () => {
    await api.stop();
    await functions.stop();
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

  it('routes anything unmatched to $default', async () => {
    const socket = await openSocket(api.url);
    const next = collect(socket);

    socket.send(JSON.stringify({ action: 'other' }));
    socket.send('plain text');

    expect([await next(), await next()]).toEqual(['default', 'default']);
    socket.terminate();
  });
});
