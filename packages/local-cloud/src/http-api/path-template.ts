/**
 * Matches a request path against an API Gateway path template: `{name}`
 * takes one segment, a final `{name+}` takes the rest (at least one
 * segment). Returns the decoded path parameters, or `undefined`.
 *
 * @example
 * matchPathTemplate('/items/{id}', '/items/42'); // { id: '42' }
 */
export function matchPathTemplate(
  template: string,
  path: string,
): Record<string, string> | undefined {
  const parts = split(template);
  const segments = split(path);
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] as string;
    const greedy = /^\{(.+)\+\}$/.exec(part);
    if (greedy && i === parts.length - 1) {
      if (segments.length <= i) return undefined;
      params[greedy[1] as string] = decode(segments.slice(i).join('/'));
      return params;
    }
    const segment = segments[i];
    if (segment === undefined) return undefined;
    const param = /^\{(.+)\}$/.exec(part);
    if (param) params[param[1] as string] = decode(segment);
    else if (part !== decode(segment)) return undefined;
  }
  return segments.length === parts.length ? params : undefined;
}

// Literal segments beat `{param}`, which beats a greedy `{proxy+}`.
function templateRank(template: string): number[] {
  return split(template).map((part) => {
    if (part.endsWith('+}')) return 0;
    return part.startsWith('{') ? 1 : 2;
  });
}

/** A match that competes with others for a request. */
export interface Candidate {
  /** The matched template, for its specificity. */
  template: string;
  /** Whether it matched through `ANY` rather than the method itself. */
  any: boolean;
}

/**
 * The most specific candidate: the most specific path, then an exact method
 * before `ANY`; `undefined` when there is none.
 */
export function mostSpecific<T extends Candidate>(
  candidates: T[],
): T | undefined {
  const ranked = candidates.map((c) => ({ c, rank: templateRank(c.template) }));
  ranked.sort(
    (a, b) => compareRanks(a.rank, b.rank) || Number(a.c.any) - Number(b.c.any),
  );
  return ranked[0]?.c;
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const left = a[i] ?? -1;
    const right = b[i] ?? -1;
    if (left !== right) return right - left;
  }
  return 0;
}

// Limitation: empty segments (`//`, a trailing `/`) are ignored in matching.
function split(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
