/** Where identity-source expressions look values up. */
export interface IdentityLookup {
  header(name: string): string | undefined;
  query(name: string): string | undefined;
  stageVariable(name: string): string | undefined;
  context(name: string): string | undefined;
}

// HTTP APIs write `$request.header.X`, REST APIs `method.request.header.X`.
const SOURCES: Array<[RegExp, keyof IdentityLookup]> = [
  [/^(?:\$request|method\.request)\.header\.(.+)$/i, 'header'],
  [/^(?:\$request|method\.request)\.querystring\.(.+)$/i, 'query'],
  [/^(?:\$stageVariables|stageVariables)\.(.+)$/, 'stageVariable'],
  [/^(?:\$context|context)\.(.+)$/, 'context'],
];

/**
 * The values of an authorizer's identity sources, or `undefined` when one is
 * missing or empty (API Gateway then answers 401 without calling the
 * authorizer).
 *
 * @example
 * readIdentity(['$request.header.Authorization'], lookup); // ['Bearer x']
 */
export function readIdentity(
  sources: string[],
  lookup: IdentityLookup,
): string[] | undefined {
  const values: string[] = [];
  for (const source of sources) {
    const value = readOne(source.trim(), lookup);
    if (value === undefined || value === '') return undefined;
    values.push(value);
  }
  return values;
}

function readOne(source: string, lookup: IdentityLookup): string | undefined {
  for (const [pattern, kind] of SOURCES) {
    const match = pattern.exec(source);
    if (match) return lookup[kind](match[1] as string);
  }
  return undefined;
}
