import type { ResolvedResource } from './resolve-stack.js';

/** What an API planner reads: every resolved resource, and a warning sink. */
export interface PlanningContext {
  resources: ResolvedResource[];
  region: string;
  accountId: string;
  warn(resource: ResolvedResource, message: string): void;
}

/** The resources of `type` whose `property` equals `value`. */
export function childrenOf(
  context: PlanningContext,
  type: string,
  property: string,
  value: string,
): ResolvedResource[] {
  return context.resources.filter(
    (resource) =>
      resource.type === type && resource.properties[property] === value,
  );
}

/** `stack/logicalId` of a resource. */
export function keyOf(resource: ResolvedResource): string {
  return `${resource.stackName}/${resource.logicalId}`;
}

/** The properties as a string map (stage variables, templates…). */
export function stringRecord(value: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return record;
  for (const [key, item] of Object.entries(value)) record[key] = String(item);
  return record;
}

/** A list of strings from a string or an array property. */
export function stringList(value: unknown, separator = ','): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || value === '') return [];
  return value.split(separator).map((item) => item.trim());
}

/**
 * The Lambda authorizer a route or method with `AuthorizationType: CUSTOM`
 * names: `null` for no custom authorizer, a string for why it cannot run.
 */
export function customAuthorizer<T>(
  properties: Record<string, unknown>,
  authorizers: Map<string, T | string>,
): T | string | null {
  if (properties.AuthorizationType !== 'CUSTOM') return null;
  const authorizer = authorizers.get(String(properties.AuthorizerId));
  return authorizer ?? 'names an unknown authorizer';
}

/** Warns about authorization that is accepted but not enforced here. */
export function warnUnenforced(
  context: PlanningContext,
  resource: ResolvedResource,
): void {
  const type = resource.properties.AuthorizationType;
  if (type && type !== 'NONE' && type !== 'CUSTOM') {
    context.warn(
      resource,
      `authorization type ${String(type)} is not enforced`,
    );
  }
}
