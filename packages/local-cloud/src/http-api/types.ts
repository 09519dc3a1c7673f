/** A Lambda proxy integration of an HTTP API. */
export interface HttpIntegration {
  functionName: string;
  payloadFormatVersion: '1.0' | '2.0';
  /** How long the API waits for the function (`TimeoutInMillis`). */
  timeoutMs: number;
}

/** A Lambda REQUEST authorizer of an HTTP API. */
export interface HttpAuthorizer {
  id: string;
  functionName: string;
  /** `$request.header.X`, `$request.querystring.x`, … */
  identitySource: string[];
  enableSimpleResponses: boolean;
  payloadFormatVersion: '1.0' | '2.0';
  /** How long an answer is cached, by identity; 0 caches nothing. */
  resultTtlSeconds: number;
}

/** One route: `GET /items/{id}`, `ANY /{proxy+}` or `$default`. */
export interface HttpRoute {
  routeKey: string;
  integration?: HttpIntegration;
  authorizer?: HttpAuthorizer;
}

/** CORS as an HTTP API's CorsConfiguration states it. */
export interface HttpCors {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge?: number;
  allowCredentials: boolean;
}

/** Everything one HTTP API serves. */
export interface HttpApiConfig {
  apiId: string;
  /** `$default`, or a name that prefixes every path. */
  stageName: string;
  stageVariables: Record<string, string>;
  routes: HttpRoute[];
  cors?: HttpCors;
  region: string;
  accountId: string;
}
