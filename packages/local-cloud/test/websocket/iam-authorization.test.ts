import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocketApi } from '../../src/index.js';
import { presignUrl } from '../helpers/presign.js';
import { openSocket, refusal } from '../helpers/sockets.js';
import {
  TEST_CREDENTIALS as credentials,
  RECORDER,
  startTestApi,
  type TestApi,
} from '../helpers/test-api.js';

describe('AWS_IAM authorization on $connect', () => {
  let started: TestApi;
  let api: WebSocketApi;

  beforeAll(async () => {
    started = await startTestApi(
      { recorder: RECORDER },
      {
        authorization: 'AWS_IAM',
        accountId: '123456789012',
        routes: {
          $connect: { integration: 'lambda', functionName: 'recorder' },
        },
      },
    );
    api = started.api;
  });

  afterAll(async () => {
    await started.stop();
  });

  it('accepts a presigned URL and passes the caller identity', async () => {
    const url = await presignUrl(api.url, { credentials });

    const socket = await openSocket(url, { 'User-Agent': 'runner' });
    const [id] = api.connectionIds();
    const event = await started.recorded('$connect', id as string);

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
