import { Duration, Token } from 'aws-cdk-lib';
import type { Code } from 'aws-cdk-lib/aws-lambda';
import type { TetherRelay } from '../tether-relay.js';
import type { LambdaPropsView } from './lambda-props.js';
import type { LiveOptions } from './live-options.js';

/** The stub's handler inside its asset (contract section 7). */
export const STUB_HANDLER = 'index.handler';

/** What a live function is wired to. */
export interface StubWiring {
  readonly relay: TetherRelay;
  readonly code: Code;
  /** The live function id (a token resolved at synth). */
  readonly functionId: string;
  readonly options: LiveOptions;
  /** The timeout in seconds the live function is deployed with. */
  readonly timeout: number;
}

/**
 * A function's props with the stub in place of its code: the stub's asset
 * and handler, its variables (contract section 3) over the function's own,
 * the relay's grants in `initialPolicy` when the function makes its own
 * role, and the raised timeout.
 */
export function swapProps<T extends LambdaPropsView>(
  props: T,
  wiring: StubWiring,
): T {
  const own = props.timeout?.toSeconds() ?? 3;
  // A timeout from a parameter cannot be compared at synth: it stays.
  const raised = !Token.isUnresolved(own) && wiring.timeout !== own;
  return {
    ...props,
    code: wiring.code,
    handler: STUB_HANDLER,
    environment: { ...props.environment, ...stubEnvironment(wiring) },
    timeout: raised ? Duration.seconds(wiring.timeout) : props.timeout,
    // A given role got the statements already (LiveSession.prepare).
    initialPolicy:
      props.role === undefined
        ? [...(props.initialPolicy ?? []), ...wiring.relay.stubStatements()]
        : props.initialPolicy,
  };
}

function stubEnvironment(wiring: StubWiring): Record<string, string> {
  const { options, relay } = wiring;
  const env: Record<string, string> = {
    TETHER_RELAY_URL: relay.url,
    TETHER_APP: options.app,
    TETHER_STAGE: options.stage,
    TETHER_FUNCTION_ID: wiring.functionId,
    TETHER_BUCKET: relay.bucket.bucketName,
    TETHER_FORWARD_CREDENTIALS: String(options.forwardCredentials),
  };
  if (options.ackTimeoutMs !== undefined) {
    env.TETHER_ACK_TIMEOUT_MS = String(options.ackTimeoutMs);
  }
  return env;
}
