import { Agent } from 'node:http';
import {
  InvokeCommand,
  type InvokeCommandOutput,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The runner's environment tests own the barrier; one copy serves both.
import { startBarrier } from '../../../runner/test/environment/barrier.js';
import { createLambdaService } from '../../src/lambda/create-lambda-service.js';
import type { LambdaService } from '../../src/lambda/types.js';
import { SILENT_LOGGER } from '../../src/logger.js';
import { writeAsset } from './functions.js';

let asset: ReturnType<typeof writeAsset>;
let lambda: LambdaService;
let client: LambdaClient;

beforeAll(async () => {
  asset = writeAsset();
  lambda = await createLambdaService({
    accountId: '123456789012',
    // Room for the test of 50 simultaneous invocations below.
    maxEnvironmentsPerFunction: 50,
  });
  const handlers = [
    'handler',
    'fails',
    'slow',
    'hangs',
    'big',
    'logs',
    'meets',
  ];
  for (const name of handlers) {
    await lambda.createFunction({
      name,
      codeDir: asset.dir,
      handler: `index.${name}`,
      timeout: name === 'hangs' ? 1 : 30,
    });
  }
  client = new LambdaClient({
    endpoint: lambda.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    maxAttempts: 1,
    // 50 calls at once need more than the default 50 sockets when some
    // are still held by earlier calls.
    requestHandler: {
      httpAgent: new Agent({ keepAlive: true, maxSockets: 100 }),
    },
  });
});

afterAll(async () => {
  client.destroy();
  await lambda.stop();
  asset.remove();
});

function json(output: InvokeCommandOutput): unknown {
  return JSON.parse(Buffer.from(output.Payload ?? []).toString('utf8'));
}

function payload(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value));
}

describe('Invoke (RequestResponse)', () => {
  it('returns the handler result with status 200', async () => {
    const output = await client.send(
      new InvokeCommand({
        FunctionName: 'handler',
        Payload: payload({ q: 1 }),
      }),
    );

    expect(output.StatusCode).toBe(200);
    expect(output.ExecutedVersion).toBe('$LATEST');
    expect(output.FunctionError).toBeUndefined();
    expect(json(output)).toMatchObject({
      event: { q: 1 },
      functionName: 'handler',
    });
  });

  it('gives an empty payload as an empty object', async () => {
    const output = await client.send(
      new InvokeCommand({ FunctionName: 'handler' }),
    );

    expect(json(output)).toMatchObject({ event: {} });
  });

  it('marks a handler error with X-Amz-Function-Error: Unhandled', async () => {
    const output = await client.send(
      new InvokeCommand({ FunctionName: 'fails' }),
    );

    expect(output.StatusCode).toBe(200);
    expect(output.FunctionError).toBe('Unhandled');
    expect(json(output)).toMatchObject({
      errorType: 'OrderNotFound',
      errorMessage: 'order 42 not found',
      trace: expect.arrayContaining(['OrderNotFound: order 42 not found']),
    });
  });

  it('marks a timeout as Unhandled with Sandbox.Timedout', async () => {
    const output = await client.send(
      new InvokeCommand({ FunctionName: 'hangs' }),
    );

    expect(output.FunctionError).toBe('Unhandled');
    expect(json(output)).toMatchObject({ errorType: 'Sandbox.Timedout' });
  });

  it('accepts a full ARN and a partial ARN', async () => {
    const full = 'arn:aws:lambda:us-east-1:123456789012:function:handler';
    const partial = '123456789012:function:handler';

    const byArn = await client.send(new InvokeCommand({ FunctionName: full }));
    const byPartial = await client.send(
      new InvokeCommand({ FunctionName: partial }),
    );
    const byQualifier = await client.send(
      new InvokeCommand({ FunctionName: 'handler', Qualifier: '$LATEST' }),
    );

    expect(byArn.StatusCode).toBe(200);
    expect(byPartial.StatusCode).toBe(200);
    expect(json(byQualifier)).toMatchObject({
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:handler:$LATEST',
    });
    expect(json(byArn)).toMatchObject({
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:handler',
    });
  });

  it('passes the client context to the handler', async () => {
    const clientContext = { custom: { tenant: 'blue' } };

    const output = await client.send(
      new InvokeCommand({
        FunctionName: 'handler',
        ClientContext: Buffer.from(JSON.stringify(clientContext)).toString(
          'base64',
        ),
      }),
    );

    expect(json(output)).toMatchObject({ clientContext });
  });

  it('returns the log tail when asked', async () => {
    const output = await client.send(
      new InvokeCommand({
        FunctionName: 'logs',
        LogType: 'Tail',
        Payload: payload({ who: 'tail' }),
      }),
    );

    const log = Buffer.from(output.LogResult ?? '', 'base64').toString('utf8');
    expect(log).toContain('hello from tail\n');
    expect(log).toMatch(/^START RequestId: /);
    expect(log).toContain('REPORT RequestId: ');
  });

  it('answers a result over 6 MB with Function.ResponseSizeTooLarge', async () => {
    const output = await client.send(
      new InvokeCommand({
        FunctionName: 'big',
        Payload: payload({ bytes: 6_300_000 }),
      }),
    );

    expect(output.FunctionError).toBe('Unhandled');
    expect(json(output)).toEqual({
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage:
        'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
    });
  });

  it('returns a result just under 6 MB whole', async () => {
    const output = await client.send(
      new InvokeCommand({
        FunctionName: 'big',
        Payload: payload({ bytes: 6_000_000 }),
      }),
    );

    expect(output.FunctionError).toBeUndefined();
    expect((json(output) as string).length).toBe(6_000_000);
  });
});

describe('Invoke (other invocation types)', () => {
  it('answers an Event invocation with 202 and runs it', async () => {
    const before = lambda.listFunctions().length;

    const output = await client.send(
      new InvokeCommand({
        FunctionName: 'slow',
        InvocationType: 'Event',
        Payload: payload({ ms: 1 }),
      }),
    );

    expect(output.StatusCode).toBe(202);
    expect(lambda.listFunctions()).toHaveLength(before);
  });

  it('answers a DryRun with 204', async () => {
    const output = await client.send(
      new InvokeCommand({ FunctionName: 'handler', InvocationType: 'DryRun' }),
    );

    expect(output.StatusCode).toBe(204);
  });
});

describe('Invoke errors', () => {
  async function failure(command: InvokeCommand) {
    try {
      await client.send(command);
    } catch (error) {
      return error as {
        name: string;
        message: string;
        $metadata: { httpStatusCode?: number };
      };
    }
    throw new Error('the call succeeded');
  }

  it('answers an unknown function with ResourceNotFoundException 404', async () => {
    const error = await failure(new InvokeCommand({ FunctionName: 'missing' }));

    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(error.message).toBe(
      'Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing',
    );
  });

  it('answers another account or a version with ResourceNotFoundException', async () => {
    const otherAccount = await failure(
      new InvokeCommand({
        FunctionName: 'arn:aws:lambda:us-east-1:999999999999:function:handler',
      }),
    );
    const version = await failure(
      new InvokeCommand({ FunctionName: 'handler', Qualifier: '3' }),
    );

    expect(otherAccount.name).toBe('ResourceNotFoundException');
    expect(version.name).toBe('ResourceNotFoundException');
  });

  it('answers a request over 6 MB with RequestTooLargeException 413', async () => {
    const error = await failure(
      new InvokeCommand({
        FunctionName: 'handler',
        Payload: payload('r'.repeat(6_300_000)),
      }),
    );

    expect(error.name).toBe('RequestTooLargeException');
    expect(error.$metadata.httpStatusCode).toBe(413);
  });

  it('answers an Event request over 1 MB with RequestTooLargeException', async () => {
    const error = await failure(
      new InvokeCommand({
        FunctionName: 'handler',
        InvocationType: 'Event',
        Payload: payload('r'.repeat(1_100_000)),
      }),
    );

    expect(error.name).toBe('RequestTooLargeException');
  });

  it('answers a payload that is not JSON with InvalidRequestContentException', async () => {
    const error = await failure(
      new InvokeCommand({
        FunctionName: 'handler',
        Payload: Buffer.from('{not json'),
      }),
    );

    expect(error.name).toBe('InvalidRequestContentException');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('answers a client context that is not base64 JSON with InvalidRequestContentException', async () => {
    const error = await failure(
      new InvokeCommand({
        FunctionName: 'handler',
        ClientContext: 'bm90IGpzb24=',
      }),
    );

    expect(error.name).toBe('InvalidRequestContentException');
  });

  it('answers a malformed function name with ValidationException', async () => {
    const error = await failure(
      new InvokeCommand({ FunctionName: 'bad name!' }),
    );

    expect(error.name).toBe('ValidationException');
  });

  it('answers a name with a malformed escape with ValidationException', async () => {
    const url = `${lambda.endpoint}/2015-03-31/functions/%E0%A4%A/invocations`;

    const response = await fetch(url, { method: 'POST', body: '{}' });

    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe(
      'ValidationException',
    );
  });

  it('answers an invocation ended by deleteFunction with ServiceException', async () => {
    const errors: unknown[] = [];
    let started!: () => void;
    const waiting = new Promise<void>((resolve) => {
      started = resolve;
    });
    const service = await createLambdaService({
      onOutput: () => started(),
      logger: { ...SILENT_LOGGER, error: (...args) => errors.push(args) },
    });
    await service.createFunction({
      name: 'doomed',
      codeDir: asset.dir,
      handler: 'index.waits',
    });
    const caller = new LambdaClient({
      endpoint: service.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    const calling = caller
      .send(new InvokeCommand({ FunctionName: 'doomed' }))
      .catch((error: Error) => error);
    await waiting;

    await service.deleteFunction('doomed');
    const error = await calling;

    caller.destroy();
    await service.stop();
    expect(error).toMatchObject({
      name: 'ServiceException',
      $metadata: { httpStatusCode: 500 },
      message: expect.stringContaining('deleted'),
    });
    expect(errors).toEqual([]);
  });

  it('answers an unknown path with 404', async () => {
    const response = await fetch(`${lambda.endpoint}/2015-03-31/functions`);

    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe(
      'UnknownOperationException',
    );
  });
});

describe('Invoke concurrency', () => {
  it('answers 429 TooManyRequestsException for a function reserved 0', async () => {
    await lambda.createFunction({
      name: 'reserved-none',
      codeDir: asset.dir,
      handler: 'index.handler',
      reservedConcurrency: 0,
    });

    const response = await fetch(
      `${lambda.endpoint}/2015-03-31/functions/reserved-none/invocations`,
      { method: 'POST', body: '{}' },
    );

    expect(response.status).toBe(429);
    expect(response.headers.get('x-amzn-errortype')).toBe(
      'TooManyRequestsException',
    );
  });

  it('runs 50 simultaneous invocations in 50 environments', async () => {
    const barrier = await startBarrier(50);
    const calls = Array.from({ length: 50 }, () =>
      client.send(
        new InvokeCommand({
          FunctionName: 'meets',
          Payload: payload({ barrier: barrier.url }),
        }),
      ),
    );

    const outputs = await Promise.all(calls);
    await barrier.close();

    const pids = new Set(
      outputs.map((output) => (json(output) as { pid: number }).pid),
    );
    expect(outputs.every((output) => output.FunctionError === undefined)).toBe(
      true,
    );
    expect(pids.size).toBe(50);
  }, 60_000);
});
