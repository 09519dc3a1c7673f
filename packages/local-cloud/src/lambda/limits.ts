/**
 * Lambda's payload quotas (https://docs.aws.amazon.com/lambda/latest/dg/
 * gettingstarted-limits.html): 6 MB for a synchronous request, 1 MB for
 * an asynchronous one. The response check allows 100 bytes more, as
 * Lambda's own does (its error message names 6291556 bytes).
 */
export const LAMBDA_LIMITS = Object.freeze({
  syncRequestBytes: 6 * 1024 * 1024,
  asyncRequestBytes: 1024 * 1024,
  responseBytes: 6 * 1024 * 1024 + 100,
  /** X-Amz-Log-Result carries the last 4 KB of the log. */
  tailBytes: 4096,
});
