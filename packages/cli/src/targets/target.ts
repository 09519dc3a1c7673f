import type { LiveManifest } from '@tether/runner';

/** An API of the app and where to call it. */
export interface DeployedApi {
  stack: string;
  logicalId: string;
  type: 'HTTP' | 'REST' | 'WEBSOCKET';
  url: string;
}

/** A function of the app as deployed. */
export interface DeployedFunction {
  /** Deployed (physical) name. */
  name: string;
  stack: string;
  logicalId: string;
  constructPath: string;
  /** True when a stub forwards its invocations to the runner. */
  live: boolean;
}

/** Stack outputs, as `cdk deploy --outputs-file` writes them. */
export type StackOutputs = Record<string, Record<string, string>>;

/** Credentials the runner signs its WebSocket connection with. */
export interface RunnerCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** What a target reports once the app is up. */
export interface DeployedApp {
  outputs: StackOutputs;
  /** The relay's WebSocket URL; only in live mode. */
  relayUrl: string | undefined;
  /** Local targets know their APIs and functions; AWS leaves these empty. */
  apis: DeployedApi[];
  functions: DeployedFunction[];
  /** The Lambda endpoint to invoke functions at; local targets only. */
  lambdaEndpoint: string | undefined;
  /** For the runner; `undefined` lets it use the AWS credential chain. */
  runnerCredentials: RunnerCredentials | undefined;
}

/** A synthesized app, ready to deploy. */
export interface SynthesizedApp {
  /** The cloud assembly directory. */
  assemblyDir: string;
  /** The live manifest, when synthesized in live mode. */
  manifest: LiveManifest | undefined;
}

/**
 * Where `tether dev` and `tether deploy` put the app: AWS or local-cloud.
 * Both implement this, so the commands do not know which one they drive.
 */
export interface Target {
  readonly kind: 'local' | 'aws';
  /** Stands the app up (deploys, or starts it locally). */
  deploy(app: SynthesizedApp): Promise<DeployedApp>;
  /** Stops what the target runs on this machine; AWS keeps its stacks. */
  stop(): Promise<void>;
}

/**
 * The relay's URL, read from the stack output the live manifest names.
 *
 * @returns `undefined` when not in live mode or the output is missing.
 */
export function findRelayUrl(
  manifest: LiveManifest | undefined,
  outputs: StackOutputs,
): string | undefined {
  const relay = manifest?.relay;
  if (relay === undefined) return undefined;
  return outputs[relay.stack]?.[relay.urlOutput];
}
