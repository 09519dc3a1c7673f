import { CliError } from '../errors.js';
import type { SessionFunction } from './session-file.js';

const names = (fn: SessionFunction) =>
  [fn.id, fn.constructPath, fn.name, fn.logicalId].filter(
    (name): name is string => typeof name === 'string' && name !== '',
  );

/**
 * Finds a function by live id, construct path, deployed name or logical id;
 * failing that, by the end of its construct path (`Echo` finds
 * `MyStack/Echo`), when that is unambiguous.
 *
 * @throws {CliError} `FUNCTION_NOT_FOUND`, listing what exists.
 */
export function findFunction(
  functions: SessionFunction[],
  wanted: string,
): SessionFunction {
  const exact = functions.filter((fn) => names(fn).includes(wanted));
  const matches =
    exact.length > 0
      ? exact
      : functions.filter((fn) => fn.constructPath.endsWith(`/${wanted}`));
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  const known = functions.map((fn) => fn.constructPath).join(', ');
  const problem =
    matches.length === 0
      ? `no function "${wanted}"`
      : `"${wanted}" is ambiguous`;
  throw new CliError('FUNCTION_NOT_FOUND', problem, {
    hint: `name one of: ${known || '(none)'}`,
  });
}
