/**
 * The CDK context keys that switch and shape live mode. The Tether CLI sets
 * them (`-c tether:live=true -c tether:stage=alice`); any CDK command can
 * set them too. Values given as strings (the command line) and as JSON
 * values (`cdk.json`, the toolkit library) are both accepted.
 *
 * - `tether:live`: `true` turns live mode on; anything else leaves the app
 *   untouched.
 * - `tether:stage`: the developer's stage name; required in live mode.
 * - `tether:app`: the app name, used when the `app` prop is not given.
 * - `tether:include`, `tether:exclude`: comma-separated patterns (or a JSON
 *   array) on live function ids, applied in addition to the props' filter.
 * - `tether:timeout`: seconds, used when the `increaseTimeout` prop is not
 *   given.
 *
 * @example
 * ```sh
 * cdk synth -c tether:live=true -c tether:stage=alice \
 *   -c tether:include='Api/*'
 * ```
 */
export const CONTEXT_KEYS = Object.freeze({
  live: 'tether:live',
  stage: 'tether:stage',
  app: 'tether:app',
  include: 'tether:include',
  exclude: 'tether:exclude',
  timeout: 'tether:timeout',
} as const);
