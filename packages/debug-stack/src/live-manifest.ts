/** The file name of the live manifest inside the cloud assembly. */
export const LIVE_MANIFEST_FILE = 'tether.live.json';

/**
 * Where a live function's local source is.
 * - `entry`: a `NodejsFunction`'s entry file and its handler export name;
 *   the runner rebuilds from the entry on save.
 * - `asset`: the asset directory of any other Node.js function and its
 *   handler as Lambda reads it (`file.export`).
 */
export type LiveFunctionSource =
  | { kind: 'entry'; entry: string; handler: string }
  | { kind: 'asset'; directory: string; handler: string };

/** One function that live mode put a stub in place of. */
export interface LiveFunction {
  /** Stable id: the construct path below the stack (`Api/Hello`). */
  id: string;
  /** The full construct path (`MyStack/Api/Hello`). */
  constructPath: string;
  /**
   * The CloudFormation name of the function's stack; for a function in a
   * nested stack, of the top-level stack.
   */
  stack: string;
  /**
   * For a function in a nested stack only: the logical ids of the nested
   * stack resources from `stack` down to the function's own stack.
   */
  nestedStacks?: string[];
  /** The function's logical id in its own (maybe nested) stack's template. */
  logicalId: string;
  /** The runtime the function was declared with (`nodejs22.x`). */
  runtime: string;
  /** The function's own handler, before the stub took its place. */
  handler: string;
  /** Memory in MB. */
  memorySize: number;
  /** The deployed timeout in seconds (raised when `increaseTimeout` is). */
  timeout: number;
  /** Where the local source is. */
  source: LiveFunctionSource;
}

/**
 * The live manifest, `tether.live.json` in the cloud assembly directory:
 * what the runner serves and where the relay is.
 */
export interface LiveManifest {
  version: 1;
  app: string;
  stage: string;
  relay: {
    /** The debug stack's CloudFormation name. */
    stack: string;
    /** The output key of the relay's WebSocket URL in that stack. */
    urlOutput: string;
  };
  functions: LiveFunction[];
}
