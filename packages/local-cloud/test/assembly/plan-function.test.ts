import { describe, expect, it } from 'vitest';
import { planFunction } from '../../src/assembly/plan-function.js';
import type { StackArtifact } from '../../src/assembly/read-assembly.js';
import type { ResolvedResource } from '../../src/assembly/resolve-stack.js';

function resource(properties: Record<string, unknown>): ResolvedResource {
  return {
    stackName: 'Shop',
    logicalId: 'Orders',
    type: 'AWS::Lambda::Function',
    properties: {
      Code: { ZipFile: 'exports.handler = async () => 1;' },
      Handler: 'index.handler',
      Runtime: 'nodejs22.x',
      ...properties,
    },
    metadata: {},
    identity: { ref: 'shop-orders', attributes: { Arn: 'arn:orders' } },
  } as ResolvedResource;
}

const stack = { constructPaths: new Map() } as unknown as StackArtifact;

describe('planFunction', () => {
  it('takes ReservedConcurrentExecutions as the reserved concurrency', () => {
    const reserved = resource({ ReservedConcurrentExecutions: 2 });

    const plan = planFunction(reserved, stack);

    expect(plan).toMatchObject({ reservedConcurrency: 2 });
  });

  it('reserves nothing when the template sets none', () => {
    const plan = planFunction(resource({}), stack);

    expect(plan).toMatchObject({ reservedConcurrency: null });
  });
});
