/**
 * The one set of AWS credentials local-cloud accepts: SigV4 signatures on
 * the WebSocket `$connect`, the @connections API and S3 are checked against
 * it, and functions run with it in their environment.
 */
export interface LocalCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Given to functions as `AWS_SESSION_TOKEN` when set. */
  readonly sessionToken?: string;
}
