import type { HttpApiConfig } from '../http-api/types.js';
import type { RestApiConfig } from '../rest-api/types.js';

/** Identifies a resource across deploys: `stack/logicalId`. */
export interface PlanKey {
  key: string;
  stackName: string;
  logicalId: string;
}

/** A Lambda function to run. */
export interface FunctionPlan extends PlanKey {
  name: string;
  arn: string;
  constructPath: string;
  code:
    | { kind: 'directory'; directory: string }
    | { kind: 'inline'; source: string };
  handler: string;
  runtime: string;
  environment: Record<string, string>;
  timeout: number;
  memorySize: number;
  /** `ReservedConcurrentExecutions`, or `null` when none is set. */
  reservedConcurrency: number | null;
  /** Whether the function runs the Tether stub. */
  live: boolean;
  /** Changes whenever anything the function runs with changes. */
  fingerprint: string;
}

/** A DynamoDB table to create in dynalite. */
export interface TablePlan extends PlanKey {
  name: string;
  /** The CreateTable input. */
  definition: Record<string, unknown>;
  fingerprint: string;
}

/** An S3 bucket to create in s3rver. */
export interface BucketPlan extends PlanKey {
  name: string;
}

/** The AWS URL of an API stage, to be rewritten to the local one. */
export interface AwsApiUrl {
  /** `https://{id}.execute-api.{region}.amazonaws.com` (or `wss://`). */
  base: string;
  /** The stage path (`/prod`), empty for `$default`. */
  stagePath: string;
}

/** An HTTP or REST API to serve. */
export type HttpApiPlan = PlanKey & {
  aws: AwsApiUrl;
  fingerprint: string;
} & (
    | { type: 'HTTP'; config: HttpApiConfig }
    | { type: 'REST'; config: RestApiConfig }
  );

/** One route of a WebSocket API. */
export type WebSocketRoutePlan =
  | { integration: 'lambda'; functionName: string; routeResponse?: boolean }
  | { integration: 'mock' };

/** A WebSocket API, handed to part 1's `createWebSocketApi`. */
export interface WebSocketApiPlan extends PlanKey {
  apiId: string;
  name: string;
  routeSelectionExpression: string;
  /** How `$connect` is authorized. */
  authorization: 'NONE' | 'AWS_IAM';
  routes: Record<string, WebSocketRoutePlan>;
  stage: string;
  aws: AwsApiUrl;
  fingerprint: string;
}

/** Everything one deploy stands up, before anything is started. */
export interface DeployPlan {
  functions: FunctionPlan[];
  tables: TablePlan[];
  buckets: BucketPlan[];
  apis: HttpApiPlan[];
  webSocketApis: WebSocketApiPlan[];
  /** Stack outputs, still naming the AWS URLs of APIs. */
  outputs: Record<string, Record<string, unknown>>;
  /** One line per resource that was not stood up. */
  warnings: string[];
}
