/**
 * The id of the warning put on a function that live mode leaves as
 * deployed (another runtime, no local source, another environment). Pass
 * it to `Annotations.of(scope).acknowledgeWarning` to silence it.
 *
 * @example
 * ```ts
 * Annotations.of(pythonFn).acknowledgeWarning(NOT_LIVE_WARNING);
 * ```
 */
export const NOT_LIVE_WARNING = '@tether/debug-stack:notLive';
