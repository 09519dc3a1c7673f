/** One API of a deployed assembly. */
export interface RunningApi {
  stack: string;
  logicalId: string;
  type: 'HTTP' | 'REST' | 'WEBSOCKET';
  /**
   * `http://127.0.0.1:PORT/` (HTTP API, `$default` stage),
   * `http://127.0.0.1:PORT/STAGE/` (REST, or a named HTTP stage),
   * `ws://127.0.0.1:PORT/STAGE` (WebSocket).
   */
  url: string;
  /** WebSocket APIs only: the @connections endpoint. */
  managementUrl?: string;
}

/** One function of a deployed assembly. */
export interface RunningFunction {
  /** The physical name (`Stack-LogicalId-SUFFIX` unless the template names it). */
  name: string;
  arn: string;
  stack: string;
  logicalId: string;
  /** `Stack/Path/To/Construct`, from the `aws:cdk:path` metadata. */
  constructPath: string;
  /** Whether the function runs the Tether stub (live mode). */
  live: boolean;
}

/** What `deployAssembly` gives back: the app as it runs now. */
export interface RunningApp {
  apis: RunningApi[];
  functions: RunningFunction[];
  /** Each stack's outputs, AWS API addresses rewritten to the local ones. */
  outputs: Record<string, Record<string, unknown>>;
  /** The Lambda Invoke endpoint (`@aws-sdk/client-lambda`'s `endpoint`). */
  lambdaEndpoint?: string;
  /** One line per resource that was not stood up (also logged). */
  warnings: string[];
}
