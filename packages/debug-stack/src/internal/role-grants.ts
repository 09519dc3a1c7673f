import type { IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';

// The class behind `Role.fromRoleArn(…, { mutable: false })`, a role of
// another account and `role.withoutPolicyUpdates()`. It answers "added"
// to every statement and drops it, so only its class tells.
const IMMUTABLE_ROLE = 'aws-cdk-lib.aws-iam.ImmutableRole';

/**
 * Adds the stub's statements to a role the function was given, unless the
 * CDK would drop them (an immutable role): the stub could then not
 * connect, so the caller leaves such a function as deployed.
 *
 * @returns whether the statements reached a policy of the role
 */
export function grantGivenRole(
  role: IRole,
  statements: readonly PolicyStatement[],
): boolean {
  const kind = (role.constructor as { PROPERTY_INJECTION_ID?: unknown })
    .PROPERTY_INJECTION_ID;
  if (kind === IMMUTABLE_ROLE) return false;
  const added = statements.map(
    (statement) => role.addToPrincipalPolicy(statement).statementAdded,
  );
  return added.every(Boolean);
}
