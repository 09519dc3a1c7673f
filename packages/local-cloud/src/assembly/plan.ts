import { planHttpApi } from '../http-api/plan-http-api.js';
import { planRestApi } from '../rest-api/plan-rest-api.js';
import { functionNameOf } from './lambda-arn.js';
import { planFunction } from './plan-function.js';
import { planBucket, planTable } from './plan-storage.js';
import type { DeployPlan } from './plan-types.js';
import { planWebSocketApi } from './plan-websocket.js';
import type { PlanningContext } from './planning.js';
import { readAssembly, type StackArtifact } from './read-assembly.js';
import {
  type ResolvedResource,
  type ResolvedStack,
  resolveStack,
} from './resolve-stack.js';
import { supportOf } from './resource-types.js';

/** Where the assembly is planned for. */
export interface PlanOptions {
  region: string;
  accountId: string;
}

/**
 * Reads and resolves a cloud assembly into a plan of everything to stand
 * up, without starting anything: every error a template or asset can cause
 * is thrown here.
 *
 * @throws {AssemblyError} any code of {@link readAssembly},
 * {@link resolveStack} and `ASSET_MISSING`.
 * @example
 * const plan = planAssembly('cdk.out', { region, accountId });
 */
export function planAssembly(
  directory: string,
  options: PlanOptions,
): DeployPlan {
  const stacks = readAssembly(directory);
  const exports: Record<string, unknown> = {};
  const resolved: ResolvedStack[] = [];
  for (const stack of stacks) {
    const result = resolveStack(stack, { ...options, exports });
    Object.assign(exports, result.exports);
    resolved.push(result);
  }
  return planResources(resolved, options);
}

function planResources(
  resolved: ResolvedStack[],
  options: PlanOptions,
): DeployPlan {
  const warnings: string[] = [];
  const context: PlanningContext = {
    ...options,
    resources: resolved.flatMap((stack) => stack.resources),
    warn: (resource, message) =>
      warnings.push(
        `${resource.type} ${resource.logicalId} (stack ${resource.stackName}): ${message}`,
      ),
  };
  const plan: DeployPlan = {
    functions: [],
    tables: [],
    buckets: [],
    apis: [],
    webSocketApis: [],
    outputs: {},
    warnings,
  };
  for (const { stack, resources, outputs } of resolved) {
    plan.outputs[stack.stackName] = outputs;
    for (const resource of resources) {
      planResource(resource, stack, context, plan);
    }
  }
  const tidyUp = tidyUpFunctions(context.resources);
  plan.functions = plan.functions.filter((f) => !tidyUp.has(f.name));
  return plan;
}

// The providers behind skipped tidy-up custom resources are not started.
function tidyUpFunctions(resources: ResolvedResource[]): Set<string> {
  const names = new Set<string>();
  for (const resource of resources) {
    if (supportOf(resource.type) !== 'skip') continue;
    const name = functionNameOf(resource.properties.ServiceToken);
    if (name) names.add(name);
  }
  return names;
}

function planLambda(
  resource: ResolvedResource,
  stack: StackArtifact,
  context: PlanningContext,
  plan: DeployPlan,
): void {
  const runtime = String(resource.properties.Runtime ?? '');
  // The Lambda service runs Node.js handlers only.
  if (runtime && !runtime.startsWith('nodejs')) {
    context.warn(resource, `runtime ${runtime} cannot run here, not started`);
    return;
  }
  const planned = planFunction(resource, stack);
  if (typeof planned === 'string') {
    context.warn(resource, planned);
    return;
  }
  // Layers would be unpacked in /opt, which a local environment lacks.
  const layers = resource.properties.Layers;
  if (Array.isArray(layers) && layers.length > 0) {
    const count =
      layers.length === 1 ? '1 layer is' : `${layers.length} layers are`;
    context.warn(
      resource,
      `its ${count} not available here (no /opt): started without`,
    );
  }
  plan.functions.push(planned);
}

function planResource(
  resource: ResolvedResource,
  stack: StackArtifact,
  context: PlanningContext,
  plan: DeployPlan,
): void {
  const support = supportOf(resource.type);
  if (support === 'unsupported') {
    context.warn(resource, 'unsupported resource type, not started');
    return;
  }
  if (support !== 'run') return;
  switch (resource.type) {
    case 'AWS::Lambda::Function':
      planLambda(resource, stack, context, plan);
      break;
    case 'AWS::DynamoDB::Table':
      plan.tables.push(planTable(resource));
      break;
    case 'AWS::S3::Bucket':
      plan.buckets.push(planBucket(resource));
      break;
    case 'AWS::ApiGatewayV2::Api':
      if (resource.properties.ProtocolType === 'WEBSOCKET') {
        plan.webSocketApis.push(planWebSocketApi(resource, context));
      } else plan.apis.push(planHttpApi(resource, context));
      break;
    default: {
      const api = planRestApi(resource, context);
      if (api) plan.apis.push(api);
    }
  }
}
