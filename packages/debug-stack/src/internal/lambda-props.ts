import type { Duration } from 'aws-cdk-lib';
import type { IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Runtime } from 'aws-cdk-lib/aws-lambda';

/**
 * The props of a `lambda.Function` that live mode reads or replaces, as a
 * property injector receives them (`entry` only from a `NodejsFunction`).
 */
export interface LambdaPropsView {
  readonly runtime?: Runtime;
  readonly code?: unknown;
  readonly handler?: string;
  readonly entry?: unknown;
  readonly environment?: Record<string, string>;
  readonly timeout?: Duration;
  readonly memorySize?: number;
  readonly initialPolicy?: PolicyStatement[];
  readonly role?: IRole;
}
