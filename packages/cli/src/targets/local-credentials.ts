import type { RunnerCredentials } from './target.js';

/**
 * The one key pair the CLI gives local-cloud: it checks the runner's
 * signature, S3's and the Lambda API's against it. Not a secret: it only
 * opens loopback services of this run. A fresh object each time, because
 * the AWS SDK writes into the credentials it is given.
 */
export function localCredentials(): RunnerCredentials {
  return {
    accessKeyId: 'TETHERLOCAL',
    secretAccessKey: 'tether-local-secret',
  };
}

/** The account id local runs synthesize with and local-cloud pretends. */
export const LOCAL_ACCOUNT_ID = '000000000000';
