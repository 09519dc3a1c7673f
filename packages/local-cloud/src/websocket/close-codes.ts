/**
 * The close codes API Gateway uses, with the reason text local-cloud sends.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html
 * (1009 for a frame or message over the quota) and RFC 6455 section 7.4.
 */
export const CLOSE = Object.freeze({
  /**
   * An @connections DELETE: API Gateway's `$disconnect` then reports 1000,
   * "Connection Closed Normally".
   */
  deleted: { code: 1000, reason: 'Connection Closed Normally' },
  /** The idle timeout or the connection duration ran out, or a shutdown. */
  goingAway: { code: 1001, reason: 'Going away' },
  /** A binary frame: this API takes text only. */
  unsupportedData: { code: 1003, reason: 'Unsupported data' },
  /** A frame or message over the quota. */
  tooBig: { code: 1009, reason: 'Message too big' },
});
