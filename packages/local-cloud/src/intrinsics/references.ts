const PLACEHOLDER = /\$\{([^}!][^}]*)\}/g;

/**
 * The logical ids that `value` names through `Ref`, `Fn::GetAtt` and
 * `Fn::Sub`, pseudo parameters (`AWS::…`) left out. The caller keeps those
 * that are resources, to order their creation.
 *
 * @example
 * findReferences({ 'Fn::GetAtt': ['Fn1', 'Arn'] }); // Set { 'Fn1' }
 */
export function findReferences(value: unknown): Set<string> {
  const found = new Set<string>();
  collect(value, found);
  return found;
}

function collect(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, found);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    if (key === 'Ref' && typeof item === 'string') add(item, found);
    else if (key === 'Fn::GetAtt') collectGetAtt(item, found);
    else if (key === 'Fn::Sub') collectSub(item, found);
    else collect(item, found);
  }
}

function add(name: string, found: Set<string>): void {
  if (!name.startsWith('AWS::')) found.add(name);
}

function collectGetAtt(argument: unknown, found: Set<string>): void {
  if (typeof argument === 'string') add(argument.split('.')[0] ?? '', found);
  else if (Array.isArray(argument) && typeof argument[0] === 'string') {
    add(argument[0], found);
  }
}

function collectSub(argument: unknown, found: Set<string>): void {
  const template = Array.isArray(argument) ? argument[0] : argument;
  const variables = Array.isArray(argument) ? argument[1] : undefined;
  const local = new Set(
    variables && typeof variables === 'object' ? Object.keys(variables) : [],
  );
  if (typeof template === 'string') {
    for (const match of template.matchAll(PLACEHOLDER)) {
      const name = (match[1] ?? '').trim().split('.')[0] ?? '';
      if (!local.has(name)) add(name, found);
    }
  }
  if (variables) collect(variables, found);
}
