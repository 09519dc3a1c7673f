/** A Lambda TOKEN or REQUEST authorizer of a REST API. */
export interface RestAuthorizer {
  id: string;
  type: 'TOKEN' | 'REQUEST';
  functionName: string;
  /** `method.request.header.X`, `method.request.querystring.x`, … */
  identitySource: string[];
  /** How long an answer is cached, by identity; 0 caches nothing. */
  resultTtlSeconds: number;
  /** TOKEN only: a token not matching this regular expression is 401. */
  identityValidationExpression?: string;
}

/** One integration response of a MOCK integration. */
export interface MockResponse {
  statusCode: string;
  selectionPattern?: string;
  /** `method.response.header.X` → `'literal'`. */
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
}

/** What a method is integrated with. */
export type RestIntegration =
  | {
      type: 'AWS_PROXY';
      functionName: string;
      /** How long the API waits for the function (`TimeoutInMillis`). */
      timeoutMs: number;
    }
  | {
      type: 'MOCK';
      requestTemplates: Record<string, string>;
      integrationResponses: MockResponse[];
    };

/** One method of a resource (`GET`, `ANY`, …). */
export interface RestMethod {
  httpMethod: string;
  authorizer?: RestAuthorizer;
  integration: RestIntegration;
}

/** One resource: its full path template and its methods. */
export interface RestResource {
  id: string;
  /** `/`, `/items/{id}`, `/{proxy+}`. */
  path: string;
  methods: RestMethod[];
}

/** Everything one REST API stage serves. */
export interface RestApiConfig {
  apiId: string;
  stageName: string;
  deploymentId: string;
  stageVariables: Record<string, string>;
  resources: RestResource[];
  /** Content types passed to integrations as base64 (`image/png`, `*\/*`). */
  binaryMediaTypes: string[];
  region: string;
  accountId: string;
}
