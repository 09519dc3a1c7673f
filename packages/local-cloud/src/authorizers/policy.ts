/** One statement of an authorizer's IAM policy. */
interface Statement {
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
}

/** What an IAM policy says about one ARN. */
export type PolicyDecision = 'allow' | 'deny' | 'none';

/**
 * Evaluates the policy a Lambda authorizer returned for `execute-api:Invoke`
 * on `arn`: an explicit Deny wins, then an Allow; `*` and `?` are wildcards.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
 *
 * @example
 * evaluatePolicy(result.policyDocument, methodArn); // 'allow'
 */
export function evaluatePolicy(document: unknown, arn: string): PolicyDecision {
  const statements = statementsOf(document);
  const applies = (statement: Statement) =>
    list(statement.Action).some((action) =>
      wildcard(action).test('execute-api:Invoke'),
    ) &&
    list(statement.Resource).some((resource) => wildcard(resource).test(arn));
  const matching = statements.filter(applies);
  if (matching.some((s) => s.Effect?.toLowerCase() === 'deny')) return 'deny';
  if (matching.some((s) => s.Effect?.toLowerCase() === 'allow')) return 'allow';
  return 'none';
}

function statementsOf(document: unknown): Statement[] {
  if (typeof document !== 'object' || document === null) return [];
  const statement = (document as { Statement?: unknown }).Statement;
  if (Array.isArray(statement)) return statement as Statement[];
  return statement ? [statement as Statement] : [];
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function wildcard(pattern: string): RegExp {
  const source = pattern
    .split('')
    .map((char) => {
      if (char === '*') return '.*';
      if (char === '?') return '.';
      return char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}
