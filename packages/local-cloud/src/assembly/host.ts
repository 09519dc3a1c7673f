import type { LocalCredentials } from '../credentials.js';
import type { LambdaService } from '../lambda/types.js';
import type { Logger } from '../logger.js';

export type { InvokeOutcome, LambdaInvoker } from '../lambda-invoker.js';
export type { Logger } from '../logger.js';

/** The part of local-cloud's Lambda service an assembly deploy uses. */
export type HostLambda = Pick<
  LambdaService,
  'createFunction' | 'updateFunction' | 'deleteFunction' | 'invoke'
>;

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
