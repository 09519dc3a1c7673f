import { availableParallelism } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The runner's environment tests own the barrier; one copy serves both.
import { startBarrier } from '../../../runner/test/environment/barrier.js';
import { createLambdaService } from '../../src/lambda/create-lambda-service.js';
import { LAMBDA_DEFAULTS } from '../../src/lambda/defaults.js';
import type {
  LambdaService,
  LambdaServiceOptions,
} from '../../src/lambda/types.js';
import { startBusyFunction } from '../helpers/one-environment.js';
import { writeAsset } from './functions.js';

let asset: ReturnType<typeof writeAsset>;
let lambda: LambdaService;
const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'secret' };

beforeAll(async () => {
  asset = writeAsset();
  lambda = await createLambdaService({
    region: 'eu-west-1',
    accountId: '123456789012',
    credentials,
    environment: { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:1' },
  });
});

afterAll(async () => {
  await lambda.stop();
  asset.remove();
});

let counter = 0;
async function create(handler: string, extra: object = {}) {
  counter += 1;
  return lambda.createFunction({
    name: `fn-${counter}`,
    codeDir: asset.dir,
    handler,
    ...extra,
  });
}

describe('createFunction', () => {
  it('returns the name and the ARN', async () => {
    const created = await lambda.createFunction({
      name: 'named',
      codeDir: asset.dir,
      handler: 'index.handler',
    });

    expect(created).toEqual({
      name: 'named',
      arn: 'arn:aws:lambda:eu-west-1:123456789012:function:named',
    });
    expect(lambda.listFunctions()).toContainEqual(created);
  });

  it.each([
    ['a name with a space', { name: 'a b' }],
    ['a name over 64 characters', { name: 'x'.repeat(65) }],
    ['a missing code directory', { codeDir: '/no/such/dir' }],
    ['a handler without export', { handler: 'index' }],
    ['a runtime that is not Node.js', { runtime: 'python3.12' }],
    ['a timeout of 0', { timeout: 0 }],
    ['a timeout over 900', { timeout: 901 }],
    ['a memory size under 128', { memorySize: 64 }],
    ['a reserved variable', { environment: { AWS_REGION: 'x' } }],
    ['a reserved concurrency of -1', { reservedConcurrency: -1 }],
    ['a reserved concurrency over 1000', { reservedConcurrency: 1001 }],
  ])('refuses %s with INVALID_OPTIONS', async (_name, override) => {
    const definition = {
      name: 'refused',
      codeDir: asset.dir,
      handler: 'index.handler',
      ...override,
    };

    const creating = lambda.createFunction(definition);

    await expect(creating).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });

  it('names a variable whose value is not a string in INVALID_OPTIONS', async () => {
    const creating = create('index.handler', { environment: { PORT: 8080 } });

    await expect(creating).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      message: 'environment variable PORT must be a string',
    });
  });

  it('refuses a name already taken with FUNCTION_EXISTS', async () => {
    const { name } = await create('index.handler');

    const creating = create('index.handler', { name });

    await expect(creating).rejects.toMatchObject({ code: 'FUNCTION_EXISTS' });
  });
});

describe('invoke', () => {
  it('runs the handler with a Lambda context', async () => {
    const { name, arn } = await create('index.handler', { memorySize: 256 });

    const outcome = await lambda.invoke(
      name,
      { a: 1 },
      { clientContext: { c: 1 } },
    );

    expect(outcome).toMatchObject({
      ok: true,
      result: {
        event: { a: 1 },
        functionName: name,
        arn,
        memory: '256',
        clientContext: { c: 1 },
      },
    });
  });

  it('runs an ES module handler in a subfolder', async () => {
    const { name } = await create('esm/app.handler');

    const outcome = await lambda.invoke(name, { b: 2 });

    expect(outcome).toEqual({
      ok: true,
      result: { esm: true, event: { b: 2 } },
    });
  });

  it('gives the function its own environment and what Lambda sets', async () => {
    const { name } = await create('index.env', {
      environment: { TABLE: 'orders' },
    });
    process.env.TETHER_SERVICE_ONLY = 'not for functions';

    const outcome = await lambda.invoke(name, {});

    delete process.env.TETHER_SERVICE_ONLY;
    const env = (outcome.ok ? outcome.result : {}) as Record<string, string>;
    expect(env).toMatchObject({
      TABLE: 'orders',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_LAMBDA_FUNCTION_NAME: name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      _HANDLER: 'index.env',
      LAMBDA_TASK_ROOT: path.resolve(asset.dir),
      AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    expect(env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(
      /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/,
    );
    expect(env.TETHER_SERVICE_ONLY).toBeUndefined();
    expect(env.HOME).toBeUndefined();
  });

  it('leaves the SDK warning on for a runtime before nodejs22.x', async () => {
    const { name } = await create('index.env', { runtime: 'nodejs20.x' });

    const outcome = await lambda.invoke(name, {});

    const env = (outcome.ok ? outcome.result : {}) as Record<string, string>;
    expect(env.AWS_EXECUTION_ENV).toBe('AWS_Lambda_nodejs20.x');
    expect(
      env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED,
    ).toBeUndefined();
  });

  it('provides the AWS SDK v3 through NODE_PATH', async () => {
    const { name } = await create('index.sdk');

    const outcome = await lambda.invoke(name, {});

    expect(outcome).toEqual({ ok: true, result: 'function' });
  });

  it('provides the AWS SDK v3 to an ES module import', async () => {
    const { name } = await create('esm/app.sdk');

    const outcome = await lambda.invoke(name, {});

    expect(outcome).toEqual({ ok: true, result: 'function' });
  });

  it('reports a handler error in Lambda shape', async () => {
    const { name } = await create('index.fails');

    const outcome = await lambda.invoke(name, {});

    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toMatchObject({
      errorType: 'OrderNotFound',
      errorMessage: 'order 42 not found',
    });
  });

  it('reports the timeout as Sandbox.Timedout', async () => {
    const { name } = await create('index.hangs', { timeout: 1 });

    const outcome = await lambda.invoke(name, {});

    expect(!outcome.ok && outcome.error.errorType).toBe('Sandbox.Timedout');
    expect(!outcome.ok && outcome.error.errorMessage).toMatch(
      /^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$/,
    );
  });

  it('reports an unknown function as ResourceNotFoundException', async () => {
    const outcome = await lambda.invoke('nobody', {});

    expect(outcome).toEqual({
      ok: false,
      error: {
        errorType: 'ResourceNotFoundException',
        errorMessage:
          'Function not found: arn:aws:lambda:eu-west-1:123456789012:function:nobody',
      },
    });
  });

  it('accepts the function ARN', async () => {
    const { arn } = await create('index.handler');

    const outcome = await lambda.invoke(arn, {});

    expect(outcome.ok).toBe(true);
  });

  it('gives the handler the event as JSON carries it', async () => {
    const { name } = await create('index.types');

    const outcome = await lambda.invoke(name, {
      date: new Date(0),
      gone: undefined,
    });

    expect(outcome.ok && outcome.result).toEqual({
      date: '[object String]',
      hasGone: false,
    });
  });

  it('reports a function the system cannot start as Runtime.ExitError', async () => {
    const { name } = await create('index.handler', {
      environment: { HUGE: 'x'.repeat(3_000_000) },
    });

    const outcome = await lambda.invoke(name, {});

    expect(!outcome.ok && outcome.error.errorType).toBe('Runtime.ExitError');
    expect(!outcome.ok && outcome.error.errorMessage).toMatch(
      /^Error: Runtime failed to start: .*E2BIG/,
    );
  });

  it('refuses an event over 6 MB', async () => {
    const { name } = await create('index.handler');

    const outcome = await lambda.invoke(name, { data: 'e'.repeat(6_300_000) });

    expect(!outcome.ok && outcome.error.errorType).toBe(
      'RequestTooLargeException',
    );
  });

  it.each([
    ['a BigInt', { n: 1n }],
    [
      'a circular structure',
      (() => {
        const event: Record<string, unknown> = {};
        event.self = event;
        return event;
      })(),
    ],
  ])(
    'answers an event holding %s with InvalidRequestContentException',
    async (_name, event) => {
      const { name } = await create('index.handler');

      const outcome = await lambda.invoke(name, event);

      expect(!outcome.ok && outcome.error.errorType).toBe(
        'InvalidRequestContentException',
      );
    },
  );

  it('replaces a result over 6 MB with Function.ResponseSizeTooLarge', async () => {
    const { name } = await create('index.big');

    const outcome = await lambda.invoke(name, { bytes: 6_400_000 });

    expect(!outcome.ok && outcome.error).toEqual({
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage:
        'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
    });
  });

  it('delivers the output tagged with function and request', async () => {
    const pieces: string[] = [];
    const service = await createLambdaService({
      onOutput: (output) =>
        pieces.push(
          `${output.functionName}:${output.requestId}:${output.text}`,
        ),
    });
    await service.createFunction({
      name: 'talker',
      codeDir: asset.dir,
      handler: 'index.logs',
    });

    const outcome = await service.invoke('talker', { who: 'test' });

    await service.stop();
    expect(outcome.ok).toBe(true);
    expect(pieces.join('')).toMatch(/^talker:[0-9a-f-]{36}:hello from test\n$/);
  });
});

describe('updateFunction and deleteFunction', () => {
  it('runs the next invocation with the new configuration', async () => {
    const { name } = await create('index.env', { environment: { V: '1' } });
    await lambda.invoke(name, {});

    await lambda.updateFunction(name, { environment: { V: '2' } });
    const outcome = await lambda.invoke(name, {});

    expect(outcome.ok && (outcome.result as Record<string, string>).V).toBe(
      '2',
    );
  });

  it('refuses an unknown function with FUNCTION_NOT_FOUND', async () => {
    const updating = lambda.updateFunction('ghost', { timeout: 5 });
    const deleting = lambda.deleteFunction('ghost');

    await expect(updating).rejects.toMatchObject({
      code: 'FUNCTION_NOT_FOUND',
    });
    await expect(deleting).rejects.toMatchObject({
      code: 'FUNCTION_NOT_FOUND',
    });
  });

  it('forgets a deleted function', async () => {
    const { name } = await create('index.handler');

    await lambda.deleteFunction(name);
    const outcome = await lambda.invoke(name, {});

    expect(!outcome.ok && outcome.error.errorType).toBe(
      'ResourceNotFoundException',
    );
  });
});

describe('stop', () => {
  it('ends every environment and refuses new functions', async () => {
    const service = await createLambdaService();
    await service.createFunction({
      name: 'short-lived',
      codeDir: asset.dir,
      handler: 'index.slow',
    });
    const outcomes = await Promise.all([
      service.invoke('short-lived', { ms: 1 }),
      service.invoke('short-lived', { ms: 1 }),
    ]);
    const pids = outcomes.map((o) =>
      o.ok ? (o.result as { pid: number }).pid : 0,
    );

    await service.stop();

    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    await expect(
      service.createFunction({
        name: 'late',
        codeDir: asset.dir,
        handler: 'index.handler',
      }),
    ).rejects.toMatchObject({ code: 'STOPPED' });
    await expect(fetch(`${service.endpoint}/`)).rejects.toThrow();
  });

  it('answers an invocation under way with ServiceException', async () => {
    let started!: () => void;
    const waiting = new Promise<void>((resolve) => {
      started = resolve;
    });
    const service = await createLambdaService({ onOutput: () => started() });
    await service.createFunction({
      name: 'cut-short',
      codeDir: asset.dir,
      handler: 'index.waits',
    });
    const running = service.invoke('cut-short', {});
    await waiting;

    await service.stop();
    const outcome = await running;

    expect(!outcome.ok && outcome.error.errorType).toBe('ServiceException');
  });

  it('answers an invocation after stop with ServiceException', async () => {
    const service = await createLambdaService();
    await service.createFunction({
      name: 'gone-with-it',
      codeDir: asset.dir,
      handler: 'index.handler',
    });
    await service.stop();

    const outcome = await service.invoke('gone-with-it', {});

    expect(!outcome.ok && outcome.error).toEqual({
      errorType: 'ServiceException',
      errorMessage: 'the Lambda service is stopped',
    });
  });

  it.each([
    ['an account id of 2 digits', { accountId: '12' }],
    ['a logger without debug', { logger: { warn: () => {} } }],
    ['an onOutput that is not a function', { onOutput: 'console' }],
    ['a cap of 0 environments', { maxEnvironmentsPerFunction: 0 }],
    ['a cap of 1.5 environments', { maxEnvironmentsPerFunction: 1.5 }],
  ])('refuses %s with INVALID_OPTIONS', async (_name, options) => {
    const starting = createLambdaService(options as LambdaServiceOptions);

    await expect(starting).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });
});

describe('maxEnvironmentsPerFunction', () => {
  it('runs invocations past the cap in no more environments', async () => {
    const service = await createLambdaService({
      maxEnvironmentsPerFunction: 2,
    });
    await service.createFunction({
      name: 'capped',
      codeDir: asset.dir,
      handler: 'index.meets',
    });
    // Two at a time meet at the barrier: the cap's environments overlap.
    const barrier = await startBarrier(2);

    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        service.invoke('capped', { barrier: barrier.url }),
      ),
    );

    await barrier.close();
    await service.stop();
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const pids = outcomes.map((o) => (o.ok ? o.result : {}) as { pid: number });
    expect(new Set(pids.map(({ pid }) => pid)).size).toBe(2);
  });

  it('never runs a waiting invocation whose caller gave up', async () => {
    const busy = await startBusyFunction();
    const caller = new AbortController();
    const waiting = busy.service.invoke(busy.name, busy.event('b'), {
      signal: caller.signal,
    });

    caller.abort();
    const abandoned = await waiting;
    await busy.release();
    const next = await busy.service.invoke(busy.name, busy.event('c'));

    await busy.stop();
    expect(!abandoned.ok && abandoned.error.errorType).toBe(
      'TooManyRequestsException',
    );
    expect(next.ok).toBe(true);
    expect(busy.ran).toEqual(['ran a', 'ran c']);
  });

  it('runs a function with reserved concurrency 1 in one environment', async () => {
    const { name } = await create('index.slow', { reservedConcurrency: 1 });

    const outcomes = await Promise.all(
      Array.from({ length: 3 }, () => lambda.invoke(name, { ms: 20 })),
    );

    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const pids = outcomes.map((o) => (o.ok ? o.result : {}) as { pid: number });
    expect(new Set(pids.map(({ pid }) => pid)).size).toBe(1);
  });

  it('throttles every invocation of a function reserved 0', async () => {
    const { name } = await create('index.handler', { reservedConcurrency: 0 });

    const outcome = await lambda.invoke(name, {});

    expect(!outcome.ok && outcome.error).toEqual({
      errorType: 'TooManyRequestsException',
      errorMessage: 'Rate Exceeded.',
    });
  });

  it('takes a new reserved concurrency with updateFunction', async () => {
    const { name } = await create('index.handler', { reservedConcurrency: 0 });

    await lambda.updateFunction(name, { reservedConcurrency: null });
    const outcome = await lambda.invoke(name, {});

    expect(outcome.ok).toBe(true);
  });

  it('is 4 per core, at least 8, by default', () => {
    const expected = Math.max(8, 4 * availableParallelism());

    const cap = LAMBDA_DEFAULTS.maxEnvironmentsPerFunction;

    expect(cap).toBe(expected);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
