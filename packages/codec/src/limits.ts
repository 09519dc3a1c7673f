/**
 * API Gateway WebSocket's limit on one frame, in bytes.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
 */
export const FRAME_LIMIT_BYTES = 32 * 1024;

/**
 * API Gateway WebSocket's limit on one message (a run of fragmented frames),
 * also the limit of an `@connections` POST, in bytes.
 */
export const MESSAGE_LIMIT_BYTES = 128 * 1024;

/**
 * Lambda's limit on a synchronous request or response, in bytes.
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export const LAMBDA_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;
