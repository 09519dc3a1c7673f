import { functionNameOf } from '../assembly/lambda-arn.js';
import type { HttpApiPlan } from '../assembly/plan-types.js';
import {
  childrenOf,
  customAuthorizer,
  keyOf,
  type PlanningContext,
  stringList,
  stringRecord,
  warnUnenforced,
} from '../assembly/planning.js';
import type { ResolvedResource } from '../assembly/resolve-stack.js';
import type {
  MockResponse,
  RestAuthorizer,
  RestIntegration,
  RestMethod,
  RestResource,
} from './types.js';

/**
 * The plan of a REST API (AWS::ApiGateway::RestApi) from its resources,
 * methods, Lambda proxy and MOCK integrations, Lambda authorizers and its
 * stage; what cannot run here is left out with a warning.
 */
export function planRestApi(
  api: ResolvedResource,
  context: PlanningContext,
): HttpApiPlan | undefined {
  const apiId = api.identity.ref;
  const child = (type: string) =>
    childrenOf(context, `AWS::ApiGateway::${type}`, 'RestApiId', apiId);
  const imported = api.properties.Body || api.properties.BodyS3Location;
  const stage = stageOf(child('Stage'), child('Deployment'));
  if (imported || !stage) {
    const why = imported
      ? 'APIs imported from OpenAPI definitions are not supported'
      : 'the REST API has no stage: not served';
    context.warn(api, why);
    return undefined;
  }
  const paths = resourcePaths(api, child('Resource'));
  const authorizers = new Map(
    child('Authorizer').map((a) => [a.identity.ref, authorizerOf(a)]),
  );
  const resources = collectMethods(
    child('Method'),
    paths,
    authorizers,
    context,
  );
  const config = {
    apiId,
    ...stage,
    resources,
    binaryMediaTypes: stringList(api.properties.BinaryMediaTypes),
    region: context.region,
    accountId: context.accountId,
  };
  return {
    key: keyOf(api),
    stackName: api.stackName,
    logicalId: api.logicalId,
    type: 'REST',
    config,
    aws: awsUrlOf(apiId, context.region, stage.stageName),
    fingerprint: JSON.stringify(config),
  };
}

function awsUrlOf(apiId: string, region: string, stageName: string) {
  const base = `https://${apiId}.execute-api.${region}.amazonaws.com`;
  return { base, stagePath: `/${stageName}` };
}

function collectMethods(
  methods: ResolvedResource[],
  paths: Map<string, string>,
  authorizers: Map<string, RestAuthorizer | string>,
  context: PlanningContext,
): RestResource[] {
  const resources = new Map<string, RestResource>();
  for (const method of methods) {
    const planned = methodOf(method, authorizers);
    if (typeof planned === 'string') {
      context.warn(method, planned);
      continue;
    }
    warnUnenforced(context, method);
    const id = String(method.properties.ResourceId);
    const path = paths.get(id);
    if (path === undefined) continue;
    const resource = resources.get(id) ?? { id, path, methods: [] };
    resource.methods.push(planned);
    resources.set(id, resource);
  }
  return [...resources.values()];
}

// Limitation: one stage per API is served, the first the template has.
function stageOf(stages: ResolvedResource[], deployments: ResolvedResource[]) {
  const stage = stages[0];
  if (stage) {
    return {
      stageName: String(stage.properties.StageName),
      deploymentId: String(stage.properties.DeploymentId ?? ''),
      stageVariables: stringRecord(stage.properties.Variables),
    };
  }
  const deployment = deployments.find((d) => d.properties.StageName);
  if (!deployment) return undefined;
  return {
    stageName: String(deployment.properties.StageName),
    deploymentId: deployment.identity.ref,
    stageVariables: {},
  };
}

function resourcePaths(
  api: ResolvedResource,
  resources: ResolvedResource[],
): Map<string, string> {
  const root = String(api.identity.attributes.RootResourceId);
  const parents = new Map(
    resources.map((r) => [
      r.identity.ref,
      [String(r.properties.ParentId), String(r.properties.PathPart)] as const,
    ]),
  );
  const paths = new Map<string, string>([[root, '/']]);
  const pathOf = (id: string, depth: number): string | undefined => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    const entry = parents.get(id);
    if (!entry || depth > 100) return undefined;
    const parent = pathOf(entry[0], depth + 1);
    if (parent === undefined) return undefined;
    const path = `${parent === '/' ? '' : parent}/${entry[1]}`;
    paths.set(id, path);
    return path;
  };
  for (const id of parents.keys()) pathOf(id, 0);
  return paths;
}

function authorizerOf(resource: ResolvedResource): RestAuthorizer | string {
  const props = resource.properties;
  const functionName = functionNameOf(props.AuthorizerUri);
  const type = props.Type;
  if ((type !== 'TOKEN' && type !== 'REQUEST') || !functionName) {
    return `authorizer type ${String(type)} is not supported (only Lambda TOKEN and REQUEST authorizers)`;
  }
  const expression = props.IdentityValidationExpression;
  return {
    id: resource.identity.ref,
    type,
    functionName,
    identitySource: stringList(props.IdentitySource),
    // CloudFormation's default for REST APIs: five minutes.
    resultTtlSeconds: Number(props.AuthorizerResultTtlInSeconds ?? 300),
    ...(typeof expression === 'string'
      ? { identityValidationExpression: expression }
      : {}),
  };
}

function methodOf(
  method: ResolvedResource,
  authorizers: Map<string, RestAuthorizer | string>,
): RestMethod | string {
  const props = method.properties;
  const integration = integrationOf(props.Integration);
  if (typeof integration === 'string') return integration;
  const planned: RestMethod = {
    httpMethod: String(props.HttpMethod),
    integration,
  };
  const authorizer = customAuthorizer(props, authorizers);
  if (typeof authorizer === 'string') return authorizer;
  if (authorizer) planned.authorizer = authorizer;
  return planned;
}

function integrationOf(value: unknown): RestIntegration | string {
  const props = (value ?? {}) as Record<string, unknown>;
  if (props.Type === 'MOCK') {
    const responses = Array.isArray(props.IntegrationResponses)
      ? (props.IntegrationResponses as Array<Record<string, unknown>>)
      : [];
    return {
      type: 'MOCK',
      requestTemplates: stringRecord(props.RequestTemplates),
      integrationResponses: responses.map(mockResponseOf),
    };
  }
  const functionName = functionNameOf(props.Uri);
  if (props.Type === 'AWS_PROXY' && functionName) {
    // REST APIs wait 29 s unless the integration says otherwise.
    const timeoutMs = Number(props.TimeoutInMillis ?? 29_000);
    return { type: 'AWS_PROXY', functionName, timeoutMs };
  }
  return `integration type ${String(props.Type)} is not supported (only Lambda proxy and MOCK integrations): method left out`;
}

function mockResponseOf(response: Record<string, unknown>): MockResponse {
  const pattern = response.SelectionPattern;
  return {
    statusCode: String(response.StatusCode ?? '200'),
    ...(typeof pattern === 'string' ? { selectionPattern: pattern } : {}),
    responseParameters: stringRecord(response.ResponseParameters),
    responseTemplates: stringRecord(response.ResponseTemplates),
  };
}
