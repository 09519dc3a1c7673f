import type { BucketPlan, TablePlan } from './plan-types.js';
import type { ResolvedResource } from './resolve-stack.js';

// CreateTable accepts these properties as CloudFormation names them.
const TABLE_PROPERTIES = [
  'AttributeDefinitions',
  'KeySchema',
  'GlobalSecondaryIndexes',
  'LocalSecondaryIndexes',
  'BillingMode',
  'ProvisionedThroughput',
] as const;

/**
 * The CreateTable input of an AWS::DynamoDB::Table: keys, attribute
 * definitions, global and local secondary indexes, billing mode and a
 * stream when one is specified. Encryption, TTL, recovery and tags are
 * accepted without effect.
 */
export function planTable(resource: ResolvedResource): TablePlan {
  const props = resource.properties;
  const definition: Record<string, unknown> = {
    TableName: resource.identity.ref,
  };
  for (const key of TABLE_PROPERTIES) {
    if (props[key] !== undefined) definition[key] = props[key];
  }
  if (!definition.BillingMode && !definition.ProvisionedThroughput) {
    definition.BillingMode = 'PAY_PER_REQUEST';
  }
  const stream = props.StreamSpecification as
    | { StreamViewType?: string }
    | undefined;
  if (stream?.StreamViewType) {
    definition.StreamSpecification = {
      StreamEnabled: true,
      StreamViewType: stream.StreamViewType,
    };
  }
  return {
    key: `${resource.stackName}/${resource.logicalId}`,
    stackName: resource.stackName,
    logicalId: resource.logicalId,
    name: resource.identity.ref,
    definition,
    fingerprint: JSON.stringify(definition),
  };
}

/** The bucket an AWS::S3::Bucket names. */
export function planBucket(resource: ResolvedResource): BucketPlan {
  return {
    key: `${resource.stackName}/${resource.logicalId}`,
    stackName: resource.stackName,
    logicalId: resource.logicalId,
    name: resource.identity.ref,
  };
}
