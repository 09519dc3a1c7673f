/**
 * The part of API Gateway's WebSocket proxy event the relay reads.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-mapping-template-reference.html
 */
export interface WebSocketEvent {
  requestContext: {
    routeKey: string;
    connectionId: string;
    domainName: string;
    stage: string;
    eventType?: string;
    identity?: {
      userArn?: string | null;
      caller?: string | null;
      accountId?: string | null;
      sourceIp?: string | null;
    };
  };
  queryStringParameters?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** What the relay answers API Gateway. */
export interface WebSocketResult {
  statusCode: number;
  body?: string;
}
