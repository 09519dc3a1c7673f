import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../src/authorizers/policy.js';

const ARN = 'arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/items/1';

function policy(...statements: Array<[string, string | string[]]>) {
  return {
    Version: '2012-10-17',
    Statement: statements.map(([Effect, Resource]) => ({
      Effect,
      Action: 'execute-api:Invoke',
      Resource,
    })),
  };
}

describe('evaluatePolicy', () => {
  it.each([
    [policy(['Allow', ARN]), 'allow'],
    [
      policy(['Allow', 'arn:aws:execute-api:us-east-1:123456789012:abc/*']),
      'allow',
    ],
    [
      policy(['Allow', 'arn:aws:execute-api:*:*:abc/prod/GET/items/?']),
      'allow',
    ],
    [policy(['Allow', '*'], ['Deny', ARN]), 'deny'],
    [
      policy([
        'Allow',
        'arn:aws:execute-api:us-east-1:123456789012:abc/prod/POST/*',
      ]),
      'none',
    ],
    [{}, 'none'],
    [undefined, 'none'],
  ])('decides %j: %s', (document, decision) => {
    expect(evaluatePolicy(document, ARN)).toBe(decision);
  });

  it('reads a single statement object', () => {
    const document = {
      Statement: { Effect: 'Allow', Action: '*', Resource: ARN },
    };

    expect(evaluatePolicy(document, ARN)).toBe('allow');
  });
});
