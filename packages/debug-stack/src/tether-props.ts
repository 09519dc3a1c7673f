import type { Duration, Environment } from 'aws-cdk-lib';

/** Properties of {@link Tether.enable}. */
export interface TetherProps {
  /**
   * The app name, part of the debug stack's name and what the runner
   * registers for. Precedence: this prop, else context `tether:app`.
   * @default - context `tether:app`; live mode fails without either
   */
  readonly app?: string;
  /**
   * Patterns on live function ids (`Api/*`, `**` for any depth): only
   * matching functions go live. Context `tether:include` filters as well.
   * @default - every function
   */
  readonly include?: string[];
  /**
   * Patterns on live function ids that stay as deployed. Context
   * `tether:exclude` excludes as well.
   * @default - none
   */
  readonly exclude?: string[];
  /**
   * Raises each live function's timeout to at least this (time to stop
   * at breakpoints). Precedence: this prop, else context `tether:timeout`
   * in seconds.
   * @default - each function keeps its own timeout
   */
  readonly increaseTimeout?: Duration;
  /**
   * Whether the stub forwards the role's credentials to the runner, so
   * local code runs as the function's role
   * (`TETHER_FORWARD_CREDENTIALS`).
   * @default true
   */
  readonly forwardCredentials?: boolean;
  /**
   * How long a stub waits for the runner's first `ack`
   * (`TETHER_ACK_TIMEOUT_MS`).
   * @default - the stub's own default, 3 seconds
   */
  readonly ackTimeout?: Duration;
  /**
   * The debug stack's environment. Functions in stacks of another
   * environment stay as deployed, with a warning.
   * @default - the environment of the first live function's stack
   */
  readonly env?: Environment;
  /**
   * A folder holding the stub's built `index.js`, for testing a stub
   * build.
   * @default the folder of `@tether/stub/asset`
   */
  readonly stubAssetDir?: string;
  /**
   * A folder holding the relay's built `index.js`, for testing a relay
   * build.
   * @default the folder of `@tether/relay/asset`
   */
  readonly relayAssetDir?: string;
}
