// The FunctionName pattern of the Invoke API: a name, a full ARN, or a
// partial ARN (`123456789012:function:name`), each with an optional
// qualifier.
const PATTERN =
  /^(?:arn:aws[a-zA-Z-]*:lambda:)?(?:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9_-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/;

/** A FunctionName of the Invoke API, taken apart. */
export interface FunctionReference {
  name: string;
  region?: string;
  accountId?: string;
  qualifier?: string;
}

/** Parses a function name or ARN; `undefined` when it matches neither. */
export function parseFunctionName(text: string): FunctionReference | undefined {
  if (text.length === 0 || text.length > 256) return undefined;
  const match = PATTERN.exec(text);
  if (!match?.[3] || match[3].length > 64) return undefined;
  const reference: FunctionReference = { name: match[3] };
  if (match[1]) reference.region = match[1];
  if (match[2]) reference.accountId = match[2];
  if (match[4]) reference.qualifier = match[4];
  return reference;
}

/** A function's ARN. */
export function functionArn(
  region: string,
  accountId: string,
  name: string,
): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${name}`;
}
