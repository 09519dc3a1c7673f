import path from 'node:path';
import type { LocalCredentials } from '../credentials.js';

/**
 * The variables Lambda reserves: a function may not set them
 * (https://docs.aws.amazon.com/lambda/latest/dg/
 * configuration-envvars.html#configuration-envvars-runtime).
 */
export const RESERVED_VARIABLES: ReadonlySet<string> = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

/** What one function's environment is made from. */
export interface EnvironmentParts {
  name: string;
  handler: string;
  runtime: string;
  memorySize: number;
  codeDir: string;
  region: string;
  logStreamName: string;
  sdkPath: string;
  credentials: LocalCredentials | undefined;
  shared: Readonly<Record<string, string>>;
  own: Readonly<Record<string, string>>;
}

/**
 * The AWS SDK v3's switch for its warning that it will need a newer
 * Node.js (`@aws-sdk/core`, emitWarningIfUnsupportedVersion).
 */
export const SDK_VERSION_WARNING_SWITCH =
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

// The SDK warns on Node.js below 22. A function declaring nodejs22.x or
// later would not see it on Lambda, though here it runs on this Node.js.
function quietSdk(runtime: string): Record<string, string> {
  const major = Number(/^nodejs(\d+)\.x$/.exec(runtime)?.[1] ?? 0);
  return major >= 22 ? { [SDK_VERSION_WARNING_SWITCH]: 'true' } : {};
}

/**
 * A function's environment: the SDK's Node.js version warning switched
 * off for a nodejs22.x or later runtime, the shared variables
 * (endpoints), then the function's own, then what Lambda sets itself;
 * nothing of local-cloud's process. `PATH` starts with the folder of this
 * Node.js, as Lambda's starts with the runtime's.
 */
export function functionEnvironment(
  parts: EnvironmentParts,
): Record<string, string> {
  const environment: Record<string, string> = {
    ...quietSdk(parts.runtime),
    ...parts.shared,
    ...parts.own,
    AWS_REGION: parts.region,
    AWS_DEFAULT_REGION: parts.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${parts.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: parts.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(parts.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${parts.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: parts.logStreamName,
    _HANDLER: parts.handler,
    LAMBDA_TASK_ROOT: path.resolve(parts.codeDir),
    NODE_PATH: parts.sdkPath,
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin/:/bin`,
  };
  const { credentials } = parts;
  if (credentials) {
    environment.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
    environment.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
    if (credentials.sessionToken) {
      environment.AWS_SESSION_TOKEN = credentials.sessionToken;
    }
  }
  return environment;
}
