import type { LocalCredentials } from './credentials.js';
import { LocalCloudError } from './errors.js';
import {
  resolveCallback,
  resolveLogger,
} from './internal/resolve-callbacks.js';
import type { FunctionOutput } from './lambda/types.js';
import { type Logger, SILENT_LOGGER } from './logger.js';

/** Options of {@link startLocalCloud}. Precedence: argument > default. */
export interface LocalCloudOptions {
  /** The region every service claims and checks signatures for. @default 'us-east-1' */
  readonly region?: string;
  /** The account in ARNs and identities. @default '000000000000' */
  readonly accountId?: string;
  /**
   * The one key pair local-cloud accepts (IAM `$connect`, @connections,
   * S3) and gives to functions.
   * @default LOCAL_CLOUD_DEFAULTS.credentials
   */
  readonly credentials?: LocalCredentials;
  /**
   * A directory to keep DynamoDB tables (`dynamodb/`) and S3 objects
   * (`s3/`) in across runs. When not given, tables live in memory and
   * objects in a temporary directory removed by `stop()`.
   * @default undefined
   */
  readonly persistDir?: string;
  /**
   * The Lambda Invoke endpoint's port on 127.0.0.1 (`endpoints.lambda`);
   * the other services always take ephemeral ports.
   * @default 0 (an ephemeral port)
   */
  readonly port?: number;
  /**
   * Invocations of one function that run at once; further ones wait (see
   * `createLambdaService`).
   * @default LAMBDA_DEFAULTS.maxEnvironmentsPerFunction
   */
  readonly maxEnvironmentsPerFunction?: number;
  /** Start functions under the Node.js inspector. @default false */
  readonly inspect?: boolean;
  /** Receives the functions' console output. @default undefined */
  readonly onOutput?: (output: FunctionOutput) => void;
  /** @default silent */
  readonly logger?: Logger;
}

/** The defaults of {@link LocalCloudOptions}. */
export const LOCAL_CLOUD_DEFAULTS = Object.freeze({
  region: 'us-east-1',
  accountId: '000000000000',
  credentials: Object.freeze({
    accessKeyId: 'LOCALCLOUDACCESSKEY',
    secretAccessKey: 'local-cloud-secret-access-key',
  }) as LocalCredentials,
  inspect: false,
  logger: SILENT_LOGGER,
});

/** {@link LocalCloudOptions} with every default applied. */
export type ResolvedLocalCloudOptions = Required<
  Omit<
    LocalCloudOptions,
    'persistDir' | 'onOutput' | 'port' | 'maxEnvironmentsPerFunction'
  >
> &
  Pick<
    LocalCloudOptions,
    'persistDir' | 'onOutput' | 'port' | 'maxEnvironmentsPerFunction'
  >;

function invalid(message: string): LocalCloudError {
  return new LocalCloudError('INVALID_OPTIONS', message);
}

/**
 * Applies the defaults and checks the options.
 * @throws {LocalCloudError} `INVALID_OPTIONS` for a region that is not a
 * region name, an account id that is not 12 digits, or credentials with an
 * empty key or secret.
 */
export function resolveLocalCloudOptions(
  options: LocalCloudOptions = {},
): ResolvedLocalCloudOptions {
  const resolved = {
    region: options.region ?? LOCAL_CLOUD_DEFAULTS.region,
    accountId: options.accountId ?? LOCAL_CLOUD_DEFAULTS.accountId,
    // A copy: the AWS SDK marks the credentials objects it is given.
    credentials: {
      ...(options.credentials ?? LOCAL_CLOUD_DEFAULTS.credentials),
    },
    persistDir: options.persistDir,
    // Checked, and defaulted, by the Lambda service.
    port: options.port,
    maxEnvironmentsPerFunction: options.maxEnvironmentsPerFunction,
    inspect: options.inspect ?? LOCAL_CLOUD_DEFAULTS.inspect,
    onOutput: resolveCallback('onOutput', options.onOutput),
    logger: resolveLogger(options.logger ?? LOCAL_CLOUD_DEFAULTS.logger),
  };
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(resolved.region)) {
    throw invalid(`region ${JSON.stringify(resolved.region)} is not a region`);
  }
  if (!/^\d{12}$/.test(resolved.accountId)) {
    throw invalid('accountId must be 12 digits');
  }
  const { accessKeyId, secretAccessKey } = resolved.credentials;
  if (!accessKeyId || !secretAccessKey) {
    throw invalid('credentials need an accessKeyId and a secretAccessKey');
  }
  return resolved;
}
