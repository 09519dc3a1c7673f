export {
  type AssemblyCloud,
  type DeployAssemblyOptions,
  deployAssembly,
} from './assembly/deploy-assembly.js';
export {
  type AssemblyDeployer,
  createAssemblyDeployer,
} from './assembly/deployer.js';
export type { AssemblyHost, HostLambda } from './assembly/host.js';
export type {
  RunningApi,
  RunningApp,
  RunningFunction,
} from './assembly/running-app.js';
export type { LocalCredentials } from './credentials.js';
export {
  AssemblyError,
  LocalCloudError,
  type LocalCloudErrorCode,
} from './errors.js';
export { createLambdaService } from './lambda/create-lambda-service.js';
export { LAMBDA_DEFAULTS } from './lambda/defaults.js';
export { LAMBDA_LIMITS } from './lambda/limits.js';
export type {
  FunctionDefinition,
  FunctionDescription,
  FunctionOutput,
  FunctionUpdate,
  InvokeOptions,
  LambdaService,
  LambdaServiceOptions,
} from './lambda/types.js';
export type { InvokeOutcome, LambdaInvoker } from './lambda-invoker.js';
export {
  type LocalCloud,
  type Stoppable,
  startLocalCloud,
} from './local-cloud.js';
export {
  LOCAL_CLOUD_DEFAULTS,
  type LocalCloudOptions,
} from './local-cloud-options.js';
export { type Logger, SILENT_LOGGER } from './logger.js';
export type { SignatureExpectation } from './sigv4/credential-scope.js';
export type {
  SignatureCheck,
  SignatureRefusal,
  SignedRequest,
} from './sigv4/signed-request.js';
export { toSignedRequest } from './sigv4/signed-request.js';
export { verifyPresignedRequest } from './sigv4/verify-presigned-url.js';
export { verifySignedRequest } from './sigv4/verify-signed-request.js';
export { type DynamoDbOptions, startDynamoDb } from './storage/dynamodb.js';
export type { LocalService } from './storage/local-service.js';
export { type S3Options, startS3 } from './storage/s3.js';
export { CLOSE } from './websocket/close-codes.js';
export {
  createWebSocketApi,
  type WebSocketApi,
} from './websocket/create-websocket-api.js';
export {
  WEBSOCKET_API_DEFAULTS,
  WEBSOCKET_QUOTAS,
  type WebSocketApiDefinition,
  type WebSocketApiOptions,
  type WebSocketQuotas,
  type WebSocketRoute,
} from './websocket/websocket-api-options.js';
