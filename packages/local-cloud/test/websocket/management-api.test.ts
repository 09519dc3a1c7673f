import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocketApi } from '../../src/index.js';
import { closed, collect, openSocket } from '../helpers/sockets.js';
import {
  TEST_CREDENTIALS as credentials,
  startTestApi,
  type TestApi,
} from '../helpers/test-api.js';

// Tries to post to its own connection during $connect, as some code does,
// and records what API Gateway answered.
const early = `
const fs = require('node:fs');
const path = require('node:path');
const api = require('@aws-sdk/client-apigatewaymanagementapi');
exports.handler = async (event) => {
  const c = event.requestContext;
  const client = new api.ApiGatewayManagementApiClient({
    endpoint: 'http://' + c.domainName + '/' + c.stage });
  let outcome = 'sent';
  try {
    await client.send(new api.PostToConnectionCommand({
      ConnectionId: c.connectionId, Data: 'too early' }));
  } catch (error) {
    outcome = error.name;
  }
  fs.writeFileSync(
    path.join(process.env.EVENTS_DIR, 'connect-' + c.connectionId + '.json'),
    JSON.stringify({ outcome }));
  return { statusCode: 200 };
};`;

function clientFor(
  api: WebSocketApi,
  secretAccessKey = credentials.secretAccessKey,
) {
  return new ApiGatewayManagementApiClient({
    endpoint: api.managementUrl,
    region: 'us-east-1',
    credentials: { ...credentials, secretAccessKey },
    maxAttempts: 1,
  });
}

describe('@connections management API', () => {
  let started: TestApi;
  let api: WebSocketApi;

  beforeAll(async () => {
    started = await startTestApi(
      { early },
      {
        quotas: { messageBytes: 64 * 1024 },
        routes: { $connect: { integration: 'lambda', functionName: 'early' } },
      },
    );
    api = started.api;
  });

  afterAll(async () => {
    await started.stop();
  });

  it('sends a posted message to the client', async () => {
    const socket = await openSocket(api.url);
    const next = collect(socket);
    const [id] = api.connectionIds();

    await clientFor(api).send(
      new PostToConnectionCommand({ ConnectionId: id, Data: 'hello' }),
    );

    expect(await next()).toBe('hello');
    socket.terminate();
  });

  it('delivers a message longer than one frame whole', async () => {
    const socket = await openSocket(api.url);
    const next = collect(socket);
    const [id] = api.connectionIds().slice(-1);
    const text = 'x'.repeat(40_000);

    await clientFor(api).send(
      new PostToConnectionCommand({ ConnectionId: id, Data: text }),
    );

    expect(await next()).toBe(text);
    socket.terminate();
  });

  it('describes a connection', async () => {
    const socket = await openSocket(api.url, { 'User-Agent': 'describer' });
    const [id] = api.connectionIds().slice(-1);

    const described = await clientFor(api).send(
      new GetConnectionCommand({ ConnectionId: id }),
    );

    expect(described.Identity).toEqual({
      SourceIp: '127.0.0.1',
      UserAgent: 'describer',
    });
    expect(described.ConnectedAt).toBeInstanceOf(Date);
    expect(described.LastActiveAt).toBeInstanceOf(Date);
    socket.terminate();
  });

  it('disconnects a connection', async () => {
    const socket = await openSocket(api.url);
    const [id] = api.connectionIds().slice(-1);
    const close = closed(socket);

    await clientFor(api).send(
      new DeleteConnectionCommand({ ConnectionId: id }),
    );

    expect((await close).code).toBe(1000);
  });

  it('answers GoneException for an unknown connection', async () => {
    const post = clientFor(api).send(
      new PostToConnectionCommand({ ConnectionId: 'nope', Data: 'x' }),
    );

    await expect(post).rejects.toMatchObject({
      name: 'GoneException',
      $metadata: { httpStatusCode: 410 },
    });
  });

  it('answers GoneException for a connection that has closed', async () => {
    const socket = await openSocket(api.url);
    const [id] = api.connectionIds().slice(-1);
    const close = closed(socket);
    socket.close();
    await close;

    const get = clientFor(api).send(
      new GetConnectionCommand({ ConnectionId: id }),
    );

    await expect(get).rejects.toMatchObject({ name: 'GoneException' });
  });

  it('answers GoneException to a post during $connect', async () => {
    const socket = await openSocket(api.url);
    const [id] = api.connectionIds().slice(-1);

    const recorded = await started.recorded('$connect', id as string);

    expect(recorded).toEqual({ outcome: 'GoneException' });
    socket.terminate();
  });

  it('answers PayloadTooLargeException over the message quota', async () => {
    const socket = await openSocket(api.url);
    const [id] = api.connectionIds().slice(-1);

    const post = clientFor(api).send(
      new PostToConnectionCommand({
        ConnectionId: id,
        Data: 'y'.repeat(64 * 1024 + 1),
      }),
    );

    await expect(post).rejects.toMatchObject({
      name: 'PayloadTooLargeException',
    });
    socket.terminate();
  });

  it('answers ForbiddenException to a wrong secret', async () => {
    const socket = await openSocket(api.url);
    const [id] = api.connectionIds().slice(-1);

    const post = clientFor(api, 'wrong').send(
      new PostToConnectionCommand({ ConnectionId: id, Data: 'x' }),
    );

    await expect(post).rejects.toMatchObject({ name: 'ForbiddenException' });
    socket.terminate();
  });

  it('answers 403 to an unsigned request', async () => {
    const response = await fetch(`${api.managementUrl}/@connections/abc`);

    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('ForbiddenException');
    expect(await response.json()).toEqual({
      message: 'Missing Authentication Token',
    });
  });

  it('answers 403 to a path outside @connections', async () => {
    const paths = ['/', '/other/@connections/abc', `/${api.stage}/x/abc`];

    const statuses = await Promise.all(
      paths.map(async (path) => {
        const url = new URL(path, api.managementUrl);
        return (await fetch(url, { method: 'POST', body: 'x' })).status;
      }),
    );

    expect(statuses).toEqual([403, 403, 403]);
  });

  it('answers 403 to a method the API does not have', async () => {
    const response = await fetch(`${api.managementUrl}/@connections/abc`, {
      method: 'PUT',
      body: 'x',
    });

    expect(response.status).toBe(403);
  });

  it('answers 403 to a malformed Authorization header', async () => {
    const response = await fetch(`${api.managementUrl}/@connections/abc`, {
      method: 'POST',
      body: 'x',
      headers: { authorization: 'AWS4-HMAC-SHA256 garbage' },
    });

    expect(response.status).toBe(403);
    expect((await response.json()).message).toMatch(/Credential/);
  });
});
