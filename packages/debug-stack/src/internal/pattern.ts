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

/** Whether `id` passes every filter. */
export function passesFilters(
  filters: readonly IdFilter[],
  id: string,
): boolean {
  return filters.every(
    (filter) =>
      filter.include.some((re) => re.test(id)) &&
      !filter.exclude.some((re) => re.test(id)),
  );
}
