import type { IRole } from 'aws-cdk-lib/aws-iam';

// The class behind `Role.fromRoleArn(…, { mutable: false })`, a role of
// another account and `role.withoutPolicyUpdates()`. It answers "added"
// to every statement and drops it, so only its class tells.
const IMMUTABLE_ROLE = 'aws-cdk-lib.aws-iam.ImmutableRole';

/**
 * Whether the CDK drops the statements added to `role`: the stub could
 * then not connect, so the caller leaves such a function as deployed.
 */
export function isImmutableRole(role: IRole): boolean {
  const kind = (role.constructor as { PROPERTY_INJECTION_ID?: unknown })
    .PROPERTY_INJECTION_ID;
  return kind === IMMUTABLE_ROLE;
}
