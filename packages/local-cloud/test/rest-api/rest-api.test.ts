import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaService, type LambdaService } from '../../src/index.js';
import { SILENT_LOGGER } from '../../src/logger.js';
import {
  type RunningRestApi,
  startRestApi,
} from '../../src/rest-api/rest-api.js';
import type { RestApiConfig } from '../../src/rest-api/types.js';

const ECHO = `exports.handler = async (event) => {
  const query = event.queryStringParameters ?? {};
  if (query.b64) return { statusCode: 200, isBase64Encoded: true, body: 'aGk=',
    headers: query.png ? { 'content-type': 'image/png' } : {} };
  if (query.untyped) return { statusCode: 204, headers: { 'Content-Type': null } };
  if (query.body) return { statusCode: 200, body: JSON.parse(query.body) };
  return { statusCode: 200, body: JSON.stringify(event) };
};`;
const GATE = `exports.handler = async (event) => ({
  principalId: 'p',
  policyDocument: { Statement: [{ Action: 'execute-api:Invoke',
    Effect: 'Allow', Resource: event.methodArn }] },
  context: event.type === 'REQUEST'
    ? { fields: Object.keys(event).sort().join(',') }
    : event.authorizationToken === 'Bearer object'
    ? { nested: { a: 1 } }
    : { text: 'x', count: 123, flag: true, none: null },
});`;

// The MOCK integration CDK writes for a preflight with several origins.
const CORS_MOCK = {
  type: 'MOCK' as const,
  requestTemplates: { 'application/json': '{ statusCode: 200 }' },
  integrationResponses: [
    {
      statusCode: '204',
      responseParameters: {
        'method.response.header.Access-Control-Allow-Origin':
          "'https://a.test'",
        'method.response.header.Vary': "'Origin'",
      },
      responseTemplates: {
        'application/json': [
          '#set($origin = $input.params().header.get("Origin"))',
          '#if($origin == "")',
          '  #set($origin = $input.params().header.get("origin"))',
          '#end',
          '#if($origin == "https://a.test" || $origin == "https://b.test")',
          '  #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)',
          '#end',
        ].join('\n'),
      },
    },
  ],
};

let dir: string;
let lambda: LambdaService;
let api: RestApiConfig;
let running: RunningRestApi;

async function createFunction(name: string, source: string) {
  const codeDir = path.join(dir, name);
  await mkdir(codeDir);
  await writeFile(path.join(codeDir, 'index.js'), source);
  await lambda.createFunction({ name, codeDir, handler: 'index.handler' });
}

const proxy = {
  type: 'AWS_PROXY' as const,
  functionName: 'echo',
  timeoutMs: 29_000,
};
const SLOW =
  'exports.handler = () => new Promise((r) => setTimeout(r, 1500, {}));';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tether-rest-api-'));
  lambda = await createLambdaService();
  await createFunction('echo', ECHO);
  await createFunction('gate', GATE);
  await createFunction('slow', SLOW);
  api = {
    apiId: 'rest123456',
    stageName: 'v1',
    deploymentId: 'dep1',
    stageVariables: {},
    binaryMediaTypes: ['image/png'],
    region: 'us-east-1',
    accountId: '123456789012',
    resources: [
      {
        id: 'r1',
        path: '/items/{id}',
        methods: [{ httpMethod: 'GET', integration: proxy }],
      },
      {
        id: 'r5',
        path: '/requested',
        methods: [
          {
            httpMethod: 'GET',
            integration: proxy,
            authorizer: {
              id: 'a2',
              type: 'REQUEST',
              functionName: 'gate',
              identitySource: ['method.request.header.x-key'],
              resultTtlSeconds: 0,
            },
          },
        ],
      },
      {
        id: 'r4',
        path: '/cors',
        methods: [{ httpMethod: 'OPTIONS', integration: CORS_MOCK }],
      },
      {
        id: 'r3',
        path: '/slow',
        methods: [
          {
            httpMethod: 'GET',
            integration: { ...proxy, functionName: 'slow', timeoutMs: 300 },
          },
        ],
      },
      {
        id: 'r2',
        path: '/gated',
        methods: [
          {
            httpMethod: 'GET',
            integration: proxy,
            authorizer: {
              id: 'a1',
              type: 'TOKEN',
              functionName: 'gate',
              identitySource: ['method.request.header.Authorization'],
              resultTtlSeconds: 300,
              identityValidationExpression: 'Bearer .+',
            },
          },
        ],
      },
    ],
  };
  running = await startRestApi(api, lambda, { logger: SILENT_LOGGER });
});

afterAll(async () => {
  await running?.stop();
  await lambda?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a REST API', () => {
  it('answers 403 Forbidden for another stage', async () => {
    const response = await fetch(running.url.replace('/v1/', '/v2/items/1'));

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Forbidden' });
  });

  it('answers 403 Missing Authentication Token for a method not defined', async () => {
    const response = await fetch(`${running.url}items/1`, { method: 'DELETE' });

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      message: 'Missing Authentication Token',
    });
  });

  it('answers 504 when the function outlasts the integration timeout', async () => {
    const response = await fetch(`${running.url}slow`);

    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({
      message: 'Endpoint request timed out',
    });
  });

  it('sends base64 text as is for an Accept that is not binary', async () => {
    const response = await fetch(`${running.url}items/1?b64=1`);

    expect(await response.text()).toBe('aGk=');
  });

  it('sends base64 text as is for a binary content type but no binary Accept', async () => {
    const response = await fetch(`${running.url}items/1?b64=1&png=1`, {
      headers: { accept: 'application/json' },
    });

    expect(await response.text()).toBe('aGk=');
  });

  it('decodes base64 for a first Accept type that is binary', async () => {
    const response = await fetch(`${running.url}items/1?b64=1`, {
      headers: { accept: 'image/png,text/html;q=0.9' },
    });

    expect(await response.text()).toBe('hi');
  });

  it('gives an answer without a content type application/json', async () => {
    const response = await fetch(`${running.url}items/1`);

    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('leaves the content type off when the answer names it null', async () => {
    const response = await fetch(`${running.url}items/1?untyped=1`);

    expect(response.status).toBe(204);
    expect(response.headers.get('content-type')).toBeNull();
  });

  it.each([
    ['https://b.test', 'https://b.test'],
    ['https://a.test', 'https://a.test'],
    ['https://evil.test', 'https://a.test'],
  ])(
    "answers CDK's preflight from %s allowing %s, without the template",
    async (origin, allowed) => {
      const response = await fetch(`${running.url}cors`, {
        method: 'OPTIONS',
        headers: { origin },
      });

      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(await response.text()).toBe('');
    },
  );

  it('answers 502 for a body that is not a string', async () => {
    const bodies = ['{"a":1}', '5', 'true', '["x"]'];

    const statuses = await Promise.all(
      bodies.map(async (body) => {
        const query = new URLSearchParams({ body });
        return (await fetch(`${running.url}items/1?${query}`)).status;
      }),
    );

    expect(statuses).toEqual([502, 502, 502, 502]);
  });

  it('sends an empty body for a null body', async () => {
    const response = await fetch(`${running.url}items/1?body=null`);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('refuses a token not matching the validation expression without calling the authorizer', async () => {
    const response = await fetch(`${running.url}gated`, {
      headers: { authorization: 'Basic abc' },
    });

    expect(response.status).toBe(401);
  });

  it('hands the integration the authorizer context stringified', async () => {
    const response = await fetch(`${running.url}gated`, {
      headers: { authorization: 'Bearer context' },
    });
    const event = await response.json();

    expect(event.requestContext.authorizer).toMatchObject({
      text: 'x',
      count: '123',
      flag: 'true',
      none: null,
    });
  });

  it('answers 500 for an authorizer context holding an object', async () => {
    const response = await fetch(`${running.url}gated`, {
      headers: { authorization: 'Bearer object' },
    });

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: null });
  });

  it('hands a REQUEST authorizer the request without its body', async () => {
    const response = await fetch(`${running.url}requested`, {
      headers: { 'x-key': 'k' },
    });
    const event = await response.json();

    expect(event.requestContext.authorizer.fields.split(',')).toEqual([
      'headers',
      'httpMethod',
      'methodArn',
      'multiValueHeaders',
      'multiValueQueryStringParameters',
      'path',
      'pathParameters',
      'queryStringParameters',
      'requestContext',
      'resource',
      'stageVariables',
      'type',
    ]);
  });

  it('builds the method ARN the authorizer allows', async () => {
    const response = await fetch(`${running.url}gated`, {
      headers: { authorization: 'Bearer abc' },
    });
    const event = await response.json();

    expect(response.status).toBe(200);
    expect(event.requestContext).toMatchObject({
      authorizer: { principalId: 'p' },
      deploymentId: 'dep1',
      resourceId: 'r2',
    });
  });
});
