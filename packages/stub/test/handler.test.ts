import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createStubHandler, StubError } from '../src/index.js';

const context = {
  awsRequestId: 'req',
  functionName: 'f',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:1:function:f',
  memoryLimitInMB: '128',
  logGroupName: 'g',
  logStreamName: 's',
  getRemainingTimeInMillis: () => 5_000,
};

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('createStubHandler', () => {
  it('fails with RELAY_UNREACHABLE when the relay cannot be reached', async () => {
    const handler = createStubHandler({
      relayUrl: `ws://127.0.0.1:${await closedPort()}/dev`,
      app: 'a',
      stage: 'dev',
      functionId: 'F',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      env: {},
    });

    const invoking = handler({}, context);

    await expect(invoking).rejects.toBeInstanceOf(StubError);
    await expect(invoking).rejects.toMatchObject({
      code: 'RELAY_UNREACHABLE',
      name: 'Tether.RelayUnreachable',
    });
  });

  it('throws INVALID_OPTIONS when made without its settings', () => {
    const making = () => createStubHandler({ relayUrl: '' });

    expect(making).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
  });
});
