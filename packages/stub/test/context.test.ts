import { describe, expect, it } from 'vitest';
import { toForwardedEnv, toInvocationContext } from '../src/index.js';

const context = {
  awsRequestId: 'req-1',
  functionName: 'hello',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:1:function:hello',
  memoryLimitInMB: '256',
  logGroupName: '/aws/lambda/hello',
  logStreamName: 'stream',
  getRemainingTimeInMillis: () => 1000,
};

describe('toInvocationContext', () => {
  it('keeps the fields of the contract and adds the deadline', () => {
    const sent = toInvocationContext(context, 1234, 1000);

    expect(sent).toEqual({
      awsRequestId: 'req-1',
      functionName: 'hello',
      functionVersion: '$LATEST',
      invokedFunctionArn: context.invokedFunctionArn,
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/hello',
      logStreamName: 'stream',
      deadline: 1234,
      sentAt: 1000,
    });
  });

  it('carries identity and clientContext when the caller sent them', () => {
    const clientContext = { custom: { a: 1 } };

    const sent = toInvocationContext({ ...context, clientContext }, 1);

    expect(sent.clientContext).toEqual(clientContext);
    expect(sent).not.toHaveProperty('identity');
  });
});

describe('toForwardedEnv', () => {
  const env = {
    TETHER_RELAY_URL: 'wss://x',
    AWS_ACCESS_KEY_ID: 'AKID',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SESSION_TOKEN: 'token',
    AWS_REGION: 'us-east-1',
    TABLE_NAME: 'orders',
  };

  it('forwards everything but the TETHER_ settings', () => {
    const forwarded = toForwardedEnv(env, true);

    expect(forwarded).toEqual({
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
      AWS_REGION: 'us-east-1',
      TABLE_NAME: 'orders',
    });
  });

  it('leaves the credentials out when told to', () => {
    const forwarded = toForwardedEnv(env, false);

    expect(forwarded).toEqual({
      AWS_REGION: 'us-east-1',
      TABLE_NAME: 'orders',
    });
  });
});
