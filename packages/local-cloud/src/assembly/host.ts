import type { LocalCredentials } from '../credentials.js';
import type { LambdaInvoker } from '../lambda-invoker.js';
import type { Logger } from '../logger.js';

export type { InvokeOutcome, LambdaInvoker } from '../lambda-invoker.js';
export type { Logger } from '../logger.js';

/** A function as the Lambda service creates and updates it. */
export interface HostFunctionDefinition {
  name: string;
  codeDir: string;
  handler: string;
  runtime?: string;
  environment?: Readonly<Record<string, string>>;
  timeout?: number;
  memorySize?: number;
}

/** The part of local-cloud's Lambda service an assembly deploy uses. */
export interface HostLambda extends LambdaInvoker {
  createFunction(definition: HostFunctionDefinition): Promise<unknown>;
  updateFunction(
    name: string,
    update: Omit<HostFunctionDefinition, 'name'>,
  ): Promise<unknown>;
  deleteFunction(name: string): Promise<void>;
}

/**
 * What an assembly deploy needs from the local cloud it runs in: where it
 * is (region, account), the credentials, the DynamoDB and S3 endpoints, and
 * the Lambda service.
 */
export interface AssemblyHost {
  readonly region: string;
  readonly accountId: string;
  readonly credentials: LocalCredentials;
  readonly endpoints: {
    readonly dynamodb: string;
    readonly s3: string;
    /** The Lambda Invoke endpoint, reported back with the app. */
    readonly lambda?: string;
  };
  readonly lambda: HostLambda;
  readonly logger?: Logger;
}
