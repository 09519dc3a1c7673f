import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployAssembly } from '../../src/assembly/deploy-assembly.js';
import type { RunningApp } from '../../src/assembly/running-app.js';
import type { LocalCloud } from '../../src/index.js';
import { synthesizeTestApp } from './fixtures/test-app.js';
import { expectEventLike, readSample } from './helpers/event-shape.js';
import { collectingLogger, startTestCloud } from './helpers/test-host.js';

let outdir: string;
let host: LocalCloud;
let app: RunningApp;
const warnings: string[] = [];

beforeAll(async () => {
  outdir = await mkdtemp(path.join(tmpdir(), 'tether-assembly-'));
  synthesizeTestApp(outdir);
  host = await startTestCloud();
  const logger = collectingLogger(warnings);
  app = await deployAssembly(host, outdir, { logger });
}, 120_000);

afterAll(async () => {
  await host?.stop();
  await rm(outdir, { recursive: true, force: true });
});

function apiUrl(logicalIdStart: string): string {
  const api = app.apis.find((a) => a.logicalId.startsWith(logicalIdStart));
  if (!api) throw new Error(`no API ${logicalIdStart}`);
  return api.url;
}

describe('deployAssembly', () => {
  it('serves each API on its own loopback port', () => {
    const urls = app.apis.map((api) => [api.type, api.url]);

    expect(urls).toEqual(
      expect.arrayContaining([
        ['HTTP', expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/)],
        ['REST', expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/prod\/$/)],
      ]),
    );
    expect(new Set(app.apis.map((api) => api.url)).size).toBe(3);
  });

  it('names functions as CloudFormation does, with construct paths', () => {
    const probe = app.functions.find((f) => f.constructPath === 'Web/Probe');

    expect(probe).toMatchObject({
      stack: 'Web',
      logicalId: expect.stringMatching(/^Probe[0-9A-F]{8}$/),
      name: expect.stringMatching(/^Web-Probe[0-9A-F]{8}-[A-Z0-9]{12}$/),
      live: false,
    });
    expect(app.functions.map((f) => f.constructPath).sort()).toEqual([
      'Web/Auth',
      'Web/Probe',
      'Web/Store',
    ]);
  });

  it('warns once about an unsupported type and brings up the rest', () => {
    const queue = warnings.filter((w) => w.includes('AWS::SQS::Queue'));

    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatch(/Jobs[0-9A-F]{8} \(stack Web\)/);
    expect(warnings.join('\n')).not.toMatch(/Custom::|AWS::IAM|CDK::Metadata/);
  });

  it('returns the outputs with local API URLs', () => {
    const web = app.outputs.Web ?? {};

    expect(web.HttpUrl).toBe(apiUrl('Http'));
    expect(web.RestUrl).toBe(apiUrl('Rest'));
    expect(web.TableName).toMatch(/^Data-Items[0-9A-F]{8}-[A-Z0-9]{12}$/);
  });

  it('gives functions rewritten URLs, resolved conditions and endpoints', async () => {
    const response = await fetch(`${apiUrl('Http')}probe/env?shape=env`);
    const env = await response.json();

    expect(env).toEqual({
      HTTP_URL: apiUrl('Http'),
      MODE: 'east',
      TABLE_PREFIX: 'Data',
      AWS_ENDPOINT_URL_DYNAMODB: host.endpoints.dynamodb,
      AWS_ENDPOINT_URL_S3: host.endpoints.s3,
    });
  });

  it('reports the Lambda endpoint, where the AWS SDK invokes functions', async () => {
    const probe = app.functions.find((f) => f.constructPath === 'Web/Probe');
    const client = new LambdaClient({
      endpoint: app.lambdaEndpoint,
      region: host.region,
      credentials: { ...host.credentials },
    });

    const answer = await client.send(
      new InvokeCommand({
        FunctionName: probe?.name,
        Payload: JSON.stringify({ queryStringParameters: { shape: 'object' } }),
      }),
    );

    expect(app.lambdaEndpoint).toBe(host.endpoints.lambda);
    expect(JSON.parse(Buffer.from(answer.Payload ?? []).toString())).toEqual({
      hello: 'world',
    });
    client.destroy();
  });
});

describe('HTTP API', () => {
  it('hands the function a payload 2.0 event shaped like the samples', async () => {
    const response = await fetch(`${apiUrl('Http')}probe/a/b?x=1&x=2&y=3`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'c1=v1; c2=v2' },
      body: '{"a":1}',
    });
    const event = await response.json();

    expect(response.status).toBe(200);
    expectEventLike(
      event,
      [
        readSample('aws-lambda-go/apigw-v2-request-iam.json'),
        readSample('aws-sam-cli/HttpApi.json'),
      ],
      [
        'requestContext.authentication',
        'requestContext.authorizer',
        'stageVariables',
      ],
    );
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'ANY /probe/{proxy+}',
      rawPath: '/probe/a/b',
      rawQueryString: 'x=1&x=2&y=3',
      cookies: ['c1=v1', 'c2=v2'],
      queryStringParameters: { x: '1,2', y: '3' },
      pathParameters: { proxy: 'a/b' },
      body: '{"a":1}',
      isBase64Encoded: false,
      requestContext: {
        stage: '$default',
        http: { method: 'POST', path: '/probe/a/b', sourceIp: '127.0.0.1' },
      },
    });
    expect(event.headers).not.toHaveProperty('cookie');
    expect(event.headers).toMatchObject({
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-amzn-trace-id': expect.stringMatching(
        /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/,
      ),
    });
  });

  it('base64-encodes a binary request body', async () => {
    const bytes = Buffer.from([0, 1, 2, 250]);

    const response = await fetch(`${apiUrl('Http')}probe/bin`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    const event = await response.json();

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, 'base64')).toEqual(bytes);
  });

  it.each([
    ['string', 200, 'application/json', 'plain text answer'],
    ['object', 200, 'application/json', '{"hello":"world"}'],
    ['cookies', 201, 'text/plain; charset=utf-8', 'made'],
  ])(
    'maps a %s answer as API Gateway does',
    async (shape, status, type, body) => {
      const response = await fetch(`${apiUrl('Http')}probe/x?shape=${shape}`);

      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe(type);
      expect(await response.text()).toBe(body);
    },
  );

  it('sends each cookie as its own Set-Cookie header', async () => {
    const response = await fetch(`${apiUrl('Http')}probe/x?shape=cookies`);

    expect(response.headers.getSetCookie()).toEqual([
      'a=1; Path=/',
      'b=2; Path=/',
    ]);
    expect(response.headers.get('x-probe')).toBe('yes');
  });

  it('decodes an isBase64Encoded body', async () => {
    const response = await fetch(`${apiUrl('Http')}probe/x?shape=binary`);
    const bytes = Buffer.from(await response.arrayBuffer());

    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  });

  it('answers 500 when the function fails', async () => {
    const response = await fetch(`${apiUrl('Http')}probe/x?shape=throw`);

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });

  it('answers 404 for a path no route takes', async () => {
    const response = await fetch(`${apiUrl('Http')}nowhere`);

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
  });

  it('stores and reads through the table and bucket with the AWS SDK', async () => {
    const created = await fetch(`${apiUrl('Http')}items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'n1', text: 'first note' }),
    });

    const read = await fetch(`${apiUrl('Http')}items/n1`);

    expect(created.status).toBe(201);
    expect(await read.json()).toEqual({
      id: 'n1',
      fromTable: 'first note',
      fromBucket: 'first note',
    });
  });

  it('enforces the Lambda REQUEST authorizer and passes its context', async () => {
    const url = `${apiUrl('Http')}private`;

    const missing = await fetch(url);
    const refused = await fetch(url, { headers: { 'x-token': 'nope' } });
    const allowed = await fetch(url, { headers: { 'x-token': 'allow' } });

    expect(missing.status).toBe(401);
    expect(refused.status).toBe(403);
    expect(allowed.status).toBe(200);
    const event = await allowed.json();
    expect(event.requestContext.authorizer).toEqual({
      lambda: { tier: 'gold' },
    });
  });
});

describe('REST API', () => {
  it('hands the function a 1.0 event shaped like the samples', async () => {
    const response = await fetch(
      `${apiUrl('Rest')}hello/world?name=me&name=you`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Multi': 'one' },
        body: '{"a":1}',
      },
    );
    const event = await response.json();

    expect(response.status).toBe(200);
    expectEventLike(
      event,
      [
        readSample(
          'powertools-lambda-python/apiGatewayProxyEvent_noVersionAuth.json',
        ),
        readSample('aws-lambda-go/apigw-request.json'),
        readSample(
          'powertools-lambda-typescript/apigw-rest-jwt-authorizer-auth.json',
        ),
      ],
      ['requestContext.identity.clientCert'],
    );
    expect(event).toMatchObject({
      resource: '/{proxy+}',
      path: '/hello/world',
      httpMethod: 'POST',
      queryStringParameters: { name: 'you' },
      multiValueQueryStringParameters: { name: ['me', 'you'] },
      pathParameters: { proxy: 'hello/world' },
      stageVariables: null,
      body: '{"a":1}',
      isBase64Encoded: false,
      requestContext: {
        stage: 'prod',
        path: '/prod/hello/world',
        resourcePath: '/{proxy+}',
        httpMethod: 'POST',
      },
    });
    expect(event.multiValueHeaders['X-Multi']).toEqual(['one']);
    expect(event.headers['X-Forwarded-For']).toBe('127.0.0.1');
  });

  it('routes the root path to the ANY method', async () => {
    const response = await fetch(apiUrl('Rest'));
    const event = await response.json();

    expect(event.resource).toBe('/');
    expect(event.pathParameters).toBeNull();
  });

  it('passes binary media types as base64 and decodes binary answers', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

    const echoed = await fetch(`${apiUrl('Rest')}upload`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: png,
    });
    const answered = await fetch(`${apiUrl('Rest')}img?shape=binary`, {
      headers: { accept: 'image/png' },
    });

    const event = await echoed.json();
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, 'base64')).toEqual(png);
    const bytes = Buffer.from(await answered.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  });

  it('merges multiValueHeaders into the answer', async () => {
    const response = await fetch(`${apiUrl('Rest')}m?shape=multi`);

    expect(response.headers.get('x-many')).toBe('one, two');
  });

  it('answers 502 for a function failure or a non-proxy answer', async () => {
    const failed = await fetch(`${apiUrl('Rest')}x?shape=throw`);
    const plain = await fetch(`${apiUrl('Rest')}x?shape=string`);

    expect(failed.status).toBe(502);
    expect(plain.status).toBe(502);
    expect(await plain.json()).toEqual({ message: 'Internal server error' });
  });

  it('answers the CORS preflight from the MOCK integration', async () => {
    const response = await fetch(`${apiUrl('Rest')}anything`, {
      method: 'OPTIONS',
      headers: { origin: 'http://example.test' },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain(
      'GET',
    );
  });

  it('answers 403 Missing Authentication Token outside the stage', async () => {
    const base = apiUrl('Rest').replace(/prod\/$/, '');

    const response = await fetch(`${base}other/x`);

    expect(response.status).toBe(403);
  });

  it.each([
    ['token', {}, 401],
    ['token', { authorization: 'deny' }, 403],
    ['token', { authorization: 'bogus' }, 401],
    ['request', {}, 401],
    ['request', { 'x-token': 'deny' }, 403],
  ])('refuses GET /%s with %o: %i', async (route, headers, status) => {
    const response = await fetch(`${apiUrl('Secured')}${route}`, { headers });

    expect(response.status).toBe(status);
  });

  it.each([
    ['token', { authorization: 'allow' }],
    ['request', { 'x-token': 'allow' }],
  ])(
    'lets GET /%s in and passes the authorizer context',
    async (route, headers) => {
      const response = await fetch(`${apiUrl('Secured')}${route}`, { headers });
      const event = await response.json();

      expect(response.status).toBe(200);
      expect(event.requestContext.authorizer).toMatchObject({
        principalId: 'user-1',
        tier: 'gold',
        kind: 'policy',
      });
    },
  );
});
