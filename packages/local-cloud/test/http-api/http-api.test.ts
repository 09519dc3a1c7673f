import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningHttpApi,
  startHttpApi,
} from '../../src/http-api/http-api.js';
import type { HttpApiConfig } from '../../src/http-api/types.js';
import { createLambdaService, type LambdaService } from '../../src/index.js';
import { SILENT_LOGGER } from '../../src/logger.js';

const ECHO =
  'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });';
// An authorizer answering with an IAM policy (simple responses off).
const POLICY = `exports.handler = async (event) => ({
  principalId: 'p',
  policyDocument: { Statement: [{ Action: 'execute-api:Invoke',
    Effect: event.headers['x-token'] === 'allow' ? 'Allow' : 'Deny',
    Resource: event.routeArn }] },
  context: { who: 'policy' },
});`;
// A payload 1.0 authorizer: REST's REQUEST event, a policy answer.
const POLICY_V1 = `exports.handler = async (event) => ({
  principalId: 'p',
  policyDocument: { Statement: [{ Action: 'execute-api:Invoke',
    Effect: event.identitySource === 'allow' ? 'Allow' : 'Deny',
    Resource: event.methodArn }] },
  context: { version: event.version, resource: event.resource,
    path: event.path, id: event.pathParameters.id },
});`;
// Answers with the ARN it was handed, so tests see what policies match.
const ARN = `exports.handler = async (event) => ({
  isAuthorized: true, context: { arn: event.routeArn ?? event.methodArn } });`;
// Sets CORS headers of its own, which a CORS configuration overrides.
const OWN_CORS = `exports.handler = async () => ({ statusCode: 200,
  headers: { 'Access-Control-Allow-Origin': '*', 'x-kept': 'yes' }, body: 'c' });`;
const FAILING = 'exports.handler = async () => { throw new Error("boom"); };';
const SLOW =
  'exports.handler = () => new Promise((r) => setTimeout(r, 1500, "late"));';
// Counts its calls, so tests see which requests a cached answer served.
const COUNTING = `let calls = 0;
exports.handler = async () => ({ isAuthorized: true, context: { calls: ++calls } });`;

let dir: string;
let lambda: LambdaService;
let api: RunningHttpApi;
let defaultStage: RunningHttpApi;

async function createFunction(name: string, source: string) {
  const codeDir = path.join(dir, name);
  await mkdir(codeDir);
  await writeFile(path.join(codeDir, 'index.js'), source);
  await lambda.createFunction({ name, codeDir, handler: 'index.handler' });
}

const authorizer = (functionName: string, resultTtlSeconds = 0) => ({
  id: functionName,
  functionName,
  identitySource: ['$request.header.X-Token'],
  enableSimpleResponses: functionName === 'counting',
  payloadFormatVersion: '2.0' as const,
  resultTtlSeconds,
});

const ECHO_V2 = {
  functionName: 'echo',
  payloadFormatVersion: '2.0' as const,
  timeoutMs: 30_000,
};

const config: HttpApiConfig = {
  apiId: 'abc123defg',
  stageName: 'dev',
  stageVariables: { color: 'blue' },
  region: 'us-east-1',
  accountId: '123456789012',
  cors: {
    allowOrigins: ['http://app.test'],
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['content-type'],
    exposeHeaders: ['x-trace'],
    maxAge: 60,
    allowCredentials: true,
  },
  routes: [
    {
      routeKey: 'GET /v1/{id}',
      integration: {
        functionName: 'echo',
        payloadFormatVersion: '1.0',
        timeoutMs: 30_000,
      },
    },
    {
      routeKey: 'GET /v1broken',
      integration: {
        functionName: 'failing',
        payloadFormatVersion: '1.0',
        timeoutMs: 30_000,
      },
    },
    { routeKey: 'POST /body', integration: ECHO_V2 },
    {
      routeKey: 'POST /v1body',
      integration: {
        functionName: 'echo',
        payloadFormatVersion: '1.0',
        timeoutMs: 30_000,
      },
    },
    {
      routeKey: 'GET /policy',
      integration: ECHO_V2,
      authorizer: authorizer('policy'),
    },
    {
      routeKey: 'GET /v1gate/{id}',
      integration: ECHO_V2,
      authorizer: { ...authorizer('policy1'), payloadFormatVersion: '1.0' },
    },
    {
      routeKey: 'GET /slow',
      integration: { ...ECHO_V2, functionName: 'slow', timeoutMs: 300 },
    },
    {
      routeKey: 'GET /cached',
      integration: ECHO_V2,
      authorizer: authorizer('counting', 300),
    },
    {
      routeKey: 'GET /arn/{id}',
      integration: ECHO_V2,
      authorizer: { ...authorizer('arn'), enableSimpleResponses: true },
    },
    {
      routeKey: 'GET /own-cors',
      integration: { ...ECHO_V2, functionName: 'own-cors' },
    },
    {
      routeKey: 'GET /broken-gate',
      integration: ECHO_V2,
      authorizer: authorizer('failing'),
    },
  ],
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tether-http-api-'));
  lambda = await createLambdaService();
  await createFunction('echo', ECHO);
  await createFunction('policy', POLICY);
  await createFunction('failing', FAILING);
  await createFunction('counting', COUNTING);
  await createFunction('slow', SLOW);
  await createFunction('policy1', POLICY_V1);
  await createFunction('arn', ARN);
  await createFunction('own-cors', OWN_CORS);
  api = await startHttpApi(config, lambda, { logger: SILENT_LOGGER });
  defaultStage = await startHttpApi(
    { ...config, stageName: '$default' },
    lambda,
    { logger: SILENT_LOGGER },
  );
});

afterAll(async () => {
  await api?.stop();
  await defaultStage?.stop();
  await lambda?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('an HTTP API with a named stage', () => {
  it('serves under the stage path and 404s outside it', async () => {
    const outside = await fetch(api.url.replace('/dev/', '/other/v1/1'));

    const inside = await fetch(`${api.url}v1/1`);

    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dev\/$/);
    expect(outside.status).toBe(404);
    expect(inside.status).toBe(200);
  });

  it('hands payload 1.0 integrations the 1.0 event', async () => {
    const response = await fetch(`${api.url}v1/42?a=1&a=2`);
    const event = await response.json();

    expect(event).toMatchObject({
      resource: '/v1/{id}',
      path: '/v1/42',
      httpMethod: 'GET',
      pathParameters: { id: '42' },
      queryStringParameters: { a: '2' },
      multiValueQueryStringParameters: { a: ['1', '2'] },
      stageVariables: { color: 'blue' },
      requestContext: { stage: 'dev', path: '/dev/v1/42' },
    });
  });

  it('gives an answer without a content type text/plain', async () => {
    const v2 = await fetch(`${api.url}policy`, {
      headers: { 'x-token': 'allow' },
    });
    const v1 = await fetch(`${api.url}v1/1`);

    expect(v2.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(v1.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it.each([
    ['text/plain; charset=utf-8', false],
    ['application/json', false],
    ['application/x-www-form-urlencoded', true],
    [undefined, true],
  ])('passes a %s body base64-encoded: %s', async (type, encoded) => {
    const response = await fetch(`${api.url}body`, {
      method: 'POST',
      headers: type ? { 'content-type': type } : {},
      body: new TextEncoder().encode('a=1'),
    });
    const event = await response.json();

    expect(event.isBase64Encoded).toBe(encoded);
  });

  it('passes a JSON body to payload 1.0 integrations as text', async () => {
    const response = await fetch(`${api.url}v1body`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    const event = await response.json();

    expect(event).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
  });

  it('marks the payload 1.0 event with its version', async () => {
    const response = await fetch(`${api.url}v1/42`);
    const event = await response.json();

    expect(event.version).toBe('1.0');
  });

  it('answers 500 when a payload 1.0 integration fails', async () => {
    const response = await fetch(`${api.url}v1broken`);

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      message: 'Internal Server Error',
    });
  });

  it('hands authorizers the route ARN without the stage path twice', async () => {
    const response = await fetch(`${api.url}arn/5`, {
      headers: { 'x-token': 't' },
    });
    const event = await response.json();

    expect(event.requestContext.authorizer.lambda.arn).toBe(
      'arn:aws:execute-api:us-east-1:123456789012:abc123defg/dev/GET/arn/5',
    );
  });

  it('answers the CORS preflight itself and adds CORS headers', async () => {
    const preflight = await fetch(`${api.url}v1/1`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://app.test',
        'access-control-request-method': 'GET',
      },
    });
    const actual = await fetch(`${api.url}v1/1`, {
      headers: { origin: 'http://app.test' },
    });

    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe(
      'GET,POST',
    );
    expect(preflight.headers.get('access-control-max-age')).toBe('60');
    expect(actual.headers.get('access-control-allow-origin')).toBe(
      'http://app.test',
    );
    expect(actual.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it("replaces the integration's own CORS headers with the configured ones", async () => {
    const allowed = await fetch(`${api.url}own-cors`, {
      headers: { origin: 'http://app.test' },
    });
    const plain = await fetch(`${api.url}own-cors`);

    expect(allowed.headers.get('access-control-allow-origin')).toBe(
      'http://app.test',
    );
    expect(allowed.headers.get('x-kept')).toBe('yes');
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('leaves CORS headers off for an origin not allowed', async () => {
    const response = await fetch(`${api.url}v1/1`, {
      headers: { origin: 'http://evil.test' },
    });

    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('enforces an authorizer answering with an IAM policy', async () => {
    const allowed = await fetch(`${api.url}policy`, {
      headers: { 'x-token': 'allow' },
    });
    const denied = await fetch(`${api.url}policy`, {
      headers: { 'x-token': 'no' },
    });

    expect(allowed.status).toBe(200);
    expect((await allowed.json()).requestContext.authorizer).toEqual({
      lambda: { who: 'policy' },
    });
    expect(denied.status).toBe(403);
  });

  it('caches authorizer answers by identity for their TTL', async () => {
    const calls = async (token: string) => {
      const response = await fetch(`${api.url}cached`, {
        headers: { 'x-token': token },
      });
      const event = await response.json();
      return event.requestContext.authorizer.lambda.calls;
    };

    const first = await calls('a');
    const again = await calls('a');
    const other = await calls('b');

    expect([first, again, other]).toEqual([1, 1, 2]);
  });

  it('answers 503 when the function outlasts the integration timeout', async () => {
    const response = await fetch(`${api.url}slow`);

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ message: 'Service Unavailable' });
  });

  it('hands a payload 1.0 authorizer the 1.0 event and enforces its policy', async () => {
    const allowed = await fetch(`${api.url}v1gate/7`, {
      headers: { 'x-token': 'allow' },
    });
    const denied = await fetch(`${api.url}v1gate/7`, {
      headers: { 'x-token': 'nope' },
    });

    expect(allowed.status).toBe(200);
    expect((await allowed.json()).requestContext.authorizer.lambda).toEqual({
      version: '1.0',
      resource: '/v1gate/{id}',
      path: '/v1gate/7',
      id: '7',
    });
    expect(denied.status).toBe(403);
  });

  it('answers 500 when the authorizer fails', async () => {
    const response = await fetch(`${api.url}broken-gate`, {
      headers: { 'x-token': 'allow' },
    });

    expect(response.status).toBe(500);
  });

  it('serves a changed configuration on the same port', async () => {
    const before = api.port;

    api.update({ ...config, routes: [] });
    const response = await fetch(`${api.url}v1/1`);
    api.update(config);

    expect(api.port).toBe(before);
    expect(response.status).toBe(404);
  });
});

describe('an HTTP API with the $default stage', () => {
  it('gives payload 1.0 events a request context path without a stage', async () => {
    const response = await fetch(`${defaultStage.url}v1/42`);
    const event = await response.json();

    expect(event.requestContext).toMatchObject({
      stage: '$default',
      path: '/v1/42',
    });
  });
});
