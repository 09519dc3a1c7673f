import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebSocketApi, type WebSocketApi } from '../../src/index.js';
import { startFunctions, type TestFunctions } from '../helpers/functions.js';
import { presignUrl } from '../helpers/presign.js';
import { openSocket, refusal, waitForJson } from '../helpers/sockets.js';

const credentials = {
  accessKeyId: 'AKIDLOCALTEST',
  secretAccessKey: 'local-secret',
};

const recorder = `
const fs = require('node:fs');
const path = require('node:path');
exports.handler = async (event) => {
  const c = event.requestContext;
  fs.writeFileSync(path.join(process.env.EVENTS_DIR, c.connectionId + '.json'),
    JSON.stringify(event));
  return { statusCode: 200 };
};`;

describe('AWS_IAM authorization on $connect', () => {
  let events: string;
  let functions: TestFunctions;
  let api: WebSocketApi;

  beforeAll(async () => {
    events = await mkdtemp(join(tmpdir(), 'local-cloud-events-'));
    functions = await startFunctions(
      { recorder },
      { environment: { EVENTS_DIR: events } },
    );
    api = await createWebSocketApi({
      invoker: functions.invoker,
      credentials,
      authorization: 'AWS_IAM',
      accountId: '123456789012',
      routes: { $connect: { integration: 'lambda', functionName: 'recorder' } },
    });
  });

  afterAll(async () => {
    await api.stop();
    await functions.stop();
    await rm(events, { recursive: true, force: true });
  });

  it('accepts a presigned URL and passes the caller identity', async () => {
    const url = await presignUrl(api.url, { credentials });

    const socket = await openSocket(url, { 'User-Agent': 'runner' });
    const [id] = api.connectionIds();
    const event = await waitForJson(join(events, `${id}.json`));

    expect(event.requestContext).toMatchObject({
      identity: {
        accessKey: 'AKIDLOCALTEST',
        accountId: '123456789012',
        caller: 'AKIDLOCALTEST',
        user: 'AKIDLOCALTEST',
        userArn: 'arn:aws:iam::123456789012:user/local-cloud',
        sourceIp: '127.0.0.1',
        userAgent: 'runner',
        cognitoIdentityId: null,
      },
    });
    socket.terminate();
  });

  it('refuses an unsigned connection with 403 before the upgrade', async () => {
    const { status, body } = await refusal(api.url);

    expect(status).toBe(403);
    expect(JSON.parse(body)).toEqual({ message: 'Forbidden' });
  });

  it('refuses an expired presigned URL with 403', async () => {
    const url = await presignUrl(api.url, {
      credentials,
      signingDate: new Date(Date.now() - 120_000),
      expiresIn: 60,
    });

    const { status, body } = await refusal(url);

    expect(status).toBe(403);
    expect(body).toMatch(/expired/);
  });

  it('refuses a URL signed with the wrong secret with 403', async () => {
    const url = await presignUrl(api.url, {
      credentials: { ...credentials, secretAccessKey: 'wrong' },
    });

    const { status, body } = await refusal(url);

    expect(status).toBe(403);
    expect(body).toMatch(/signature we calculated does not match/);
  });

  it('refuses a URL signed with an unknown access key with 403', async () => {
    const url = await presignUrl(api.url, {
      credentials: { ...credentials, accessKeyId: 'AKIDOTHER' },
    });

    const { status } = await refusal(url);

    expect(status).toBe(403);
  });

  it('refuses a URL signed for another region with 403', async () => {
    const url = await presignUrl(api.url, { credentials, region: 'eu-west-1' });

    const { status } = await refusal(url);

    expect(status).toBe(403);
  });

  it('refuses a presigned URL whose query was changed after signing', async () => {
    const url = await presignUrl(`${api.url}?runner=a`, { credentials });

    const { status } = await refusal(url.replace('runner=a', 'runner=b'));

    expect(status).toBe(403);
  });
});
