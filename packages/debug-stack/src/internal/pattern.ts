/**
 * Compiles a pattern on live function ids: `**` matches anything, `*`
 * anything but `/`, `?` one character but `/`; the rest is literal.
 */
export function compilePattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** One include/exclude pair: an id passes if included and not excluded. */
export interface IdFilter {
  include: RegExp[];
  exclude: RegExp[];
}

/** Builds an {@link IdFilter}; an empty include list includes everything. */
export function createFilter(
  include: readonly string[],
  exclude: readonly string[],
): IdFilter {
  const all = include.length === 0 ? ['**'] : include;
  return {
    include: all.map(compilePattern),
    exclude: exclude.map(compilePattern),
  };
}

/**
 * Whether a function passes every filter under any of its names (its id
 * below the stack and its construct path): included when a name matches
 * an include, left out when a name matches an exclude.
 */
export function passesFilters(
  filters: readonly IdFilter[],
  ...names: string[]
): boolean {
  const matches = (re: RegExp) => names.some((name) => re.test(name));
  return filters.every(
    (filter) => filter.include.some(matches) && !filter.exclude.some(matches),
  );
}
