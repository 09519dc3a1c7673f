import { AssemblyError } from '../errors.js';
import { findReferences } from '../intrinsics/references.js';
import { type ResolveContext, resolveValue } from '../intrinsics/resolve.js';
import { type Identity, identify } from './identity.js';
import type { StackArtifact } from './read-assembly.js';
import type { TemplateResource } from './template.js';

/** A resource whose properties hold no intrinsics any more. */
export interface ResolvedResource {
  stackName: string;
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
  metadata: Record<string, unknown>;
  identity: Identity;
}

/** A stack with every value resolved. */
export interface ResolvedStack {
  stack: StackArtifact;
  resources: ResolvedResource[];
  outputs: Record<string, unknown>;
  exports: Record<string, unknown>;
}

/** Where a stack is being stood up. */
export interface StackEnvironment {
  region: string;
  accountId: string;
  /** Exports of the stacks resolved before this one, by export name. */
  exports: Record<string, unknown>;
}

/**
 * Resolves one stack: parameters (defaults and the asset parameters CDK
 * passes), pseudo parameters, conditions, and each resource in an order
 * where it follows what it references, then the outputs and exports.
 *
 * @throws {AssemblyError} `UNRESOLVED_REFERENCE`, `INTRINSIC_MALFORMED` or
 * `ASSEMBLY_MALFORMED` (a reference cycle), the stack and logical id named.
 */
export function resolveStack(
  stack: StackArtifact,
  environment: StackEnvironment,
): ResolvedStack {
  const template = stack.template;
  const identities = new Map<string, Identity>();
  const context = createContext(stack, environment, identities);
  const resources: ResolvedResource[] = [];
  for (const logicalId of orderResources(stack)) {
    const resource = template.Resources[logicalId] as TemplateResource;
    if (resource.Condition && !context.condition(resource.Condition)) continue;
    const properties = within(stack, logicalId, () =>
      resolveValue(resource.Properties ?? {}, context),
    ) as Record<string, unknown>;
    const identity = identify({
      stackName: stack.stackName,
      logicalId,
      type: resource.Type,
      properties,
      region: environment.region,
      accountId: environment.accountId,
    });
    identities.set(logicalId, identity);
    resources.push({
      stackName: stack.stackName,
      logicalId,
      type: resource.Type,
      properties,
      metadata: resource.Metadata ?? {},
      identity,
    });
  }
  return { stack, resources, ...resolveOutputs(stack, context) };
}

function within<T>(stack: StackArtifact, id: string, step: () => T): T {
  try {
    return step();
  } catch (cause) {
    if (!(cause instanceof AssemblyError)) throw cause;
    throw new AssemblyError(
      cause.code,
      `${stack.stackName}/${id}: ${cause.message}`,
      { cause },
    );
  }
}

function unresolved(stack: StackArtifact, what: string): AssemblyError {
  return new AssemblyError(
    'UNRESOLVED_REFERENCE',
    `${what} is not defined in stack ${stack.stackName}`,
  );
}

function createContext(
  stack: StackArtifact,
  environment: StackEnvironment,
  identities: Map<string, Identity>,
): ResolveContext {
  const pseudo = pseudoParameters(stack, environment);
  const conditions = new Map<string, boolean>();
  const context: ResolveContext = {
    region: environment.region,
    mappings: stack.template.Mappings,
    ref: (name) => {
      if (name in pseudo) return pseudo[name];
      const identity = identities.get(name);
      if (identity) return identity.ref;
      return parameterValue(stack, name);
    },
    getAtt: (id, attribute) => {
      const identity = identities.get(id);
      if (!identity) throw unresolved(stack, `resource ${id}`);
      return identity.attributes[attribute] ?? identity.ref;
    },
    importValue: (name) => {
      if (name in environment.exports) return environment.exports[name];
      throw new AssemblyError(
        'UNRESOLVED_REFERENCE',
        `no stack of this assembly exports ${name}`,
      );
    },
    condition: (name) => {
      const known = conditions.get(name);
      if (known !== undefined) return known;
      const expression = stack.template.Conditions?.[name];
      if (expression === undefined)
        throw unresolved(stack, `condition ${name}`);
      const value = resolveValue(expression, context) === true;
      conditions.set(name, value);
      return value;
    },
  };
  return context;
}

function pseudoParameters(
  stack: StackArtifact,
  environment: StackEnvironment,
): Record<string, unknown> {
  const { region, accountId } = environment;
  return {
    'AWS::Region': region,
    'AWS::AccountId': accountId,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': stack.stackName,
    'AWS::StackId': `arn:aws:cloudformation:${region}:${accountId}:stack/${stack.stackName}/local`,
    'AWS::NotificationARNs': [],
  };
}

function parameterValue(stack: StackArtifact, name: string): unknown {
  if (name in stack.assetParameters) return stack.assetParameters[name];
  const parameter = stack.template.Parameters?.[name];
  if (!parameter) throw unresolved(stack, name);
  if (parameter.Default === undefined) {
    throw new AssemblyError(
      'UNRESOLVED_REFERENCE',
      `parameter ${name} of stack ${stack.stackName} has no default value`,
    );
  }
  if (
    parameter.Type.startsWith('List<') ||
    parameter.Type === 'CommaDelimitedList'
  ) {
    return String(parameter.Default).split(',');
  }
  return parameter.Default;
}

function resolveOutputs(stack: StackArtifact, context: ResolveContext) {
  const outputs: Record<string, unknown> = {};
  const exports: Record<string, unknown> = {};
  for (const [key, output] of Object.entries(stack.template.Outputs ?? {})) {
    if (output.Condition && !context.condition(output.Condition)) continue;
    const value = within(stack, key, () => resolveValue(output.Value, context));
    outputs[key] = value;
    if (output.Export) {
      const name = within(stack, key, () =>
        resolveValue(output.Export?.Name, context),
      );
      exports[String(name)] = value;
    }
  }
  return { outputs, exports };
}

function dependenciesOf(resource: TemplateResource, ids: Set<string>) {
  const found = findReferences(resource.Properties ?? {});
  const dependsOn = resource.DependsOn ?? [];
  for (const id of Array.isArray(dependsOn) ? dependsOn : [dependsOn]) {
    found.add(id);
  }
  return [...found].filter((id) => ids.has(id));
}

function orderResources(stack: StackArtifact): string[] {
  const resources = stack.template.Resources;
  const ids = new Set(Object.keys(resources));
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      throw new AssemblyError(
        'ASSEMBLY_MALFORMED',
        `${stack.stackName}: circular reference through ${id}`,
      );
    }
    state.set(id, 'visiting');
    const resource = resources[id] as TemplateResource;
    for (const dependency of dependenciesOf(resource, ids)) visit(dependency);
    state.set(id, 'done');
    ordered.push(id);
  };
  for (const id of ids) visit(id);
  return ordered;
}
