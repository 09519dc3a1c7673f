import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { debugStackName } from './internal/names.js';
import { TetherRelay } from './tether-relay.js';

/** The output keys of {@link TetherDebugStack}: stable across releases. */
export const DEBUG_STACK_OUTPUTS = Object.freeze({
  /** The WebSocket URL the runner and the stubs connect to. */
  webSocketUrl: 'WebSocketUrl',
  /** The WebSocket API's id. */
  apiId: 'ApiId',
  /** The payload bucket's name. */
  bucketName: 'BucketName',
  /** The relay table's name. */
  tableName: 'TableName',
} as const);

/** Properties of {@link TetherDebugStack}. */
export interface TetherDebugStackProps extends StackProps {
  /** The app name: letters, digits and hyphens, starting with a letter. */
  readonly appName: string;
  /** The stage name: letters, digits and hyphens. */
  readonly stage: string;
  /**
   * A folder holding the relay's built `index.js`.
   * @default the folder of `@tether/relay/asset`
   */
  readonly relayAssetDir?: string;
  /**
   * How long the relay's logs are kept.
   * @default RetentionDays.ONE_WEEK
   */
  readonly logRetention?: RetentionDays;
}

/**
 * The debug stack of one app and stage: a {@link TetherRelay} and its
 * outputs under the names of {@link DEBUG_STACK_OUTPUTS}. Its default
 * stack name is `TetherDebug-<app>-<stage>`.
 *
 * @throws {TetherError} `INVALID_APP_NAME`, `INVALID_STAGE_NAME`,
 *   `ASSET_NOT_FOUND`
 * @example
 * ```ts
 * const app = new App();
 * new TetherDebugStack(app, 'Debug', { appName: 'shop', stage: 'alice' });
 * ```
 */
export class TetherDebugStack extends Stack {
  /** The relay and its resources. */
  readonly relay: TetherRelay;

  constructor(scope: Construct, id: string, props: TetherDebugStackProps) {
    super(scope, id, {
      stackName: debugStackName(props.appName, props.stage),
      description: `Tether debug stack for ${props.appName}/${props.stage}`,
      ...props,
    });
    this.relay = new TetherRelay(this, 'Relay', props);
    this.addOutputs();
  }

  private addOutputs(): void {
    const values = {
      [DEBUG_STACK_OUTPUTS.webSocketUrl]: this.relay.url,
      [DEBUG_STACK_OUTPUTS.apiId]: this.relay.api.apiId,
      [DEBUG_STACK_OUTPUTS.bucketName]: this.relay.bucket.bucketName,
      [DEBUG_STACK_OUTPUTS.tableName]: this.relay.table.tableName,
    };
    for (const [key, value] of Object.entries(values)) {
      new CfnOutput(this, key, { value });
    }
  }
}
