import type { IConstruct } from 'constructs';

const RELAY_SCOPE = Symbol.for('@tether/debug-stack.relay-scope');

/** Marks a scope whose functions belong to Tether and never go live. */
export function markRelayScope(scope: IConstruct): void {
  Object.defineProperty(scope, RELAY_SCOPE, { value: true });
}

/** Whether `scope` is inside a scope marked by {@link markRelayScope}. */
export function isInRelayScope(scope: IConstruct): boolean {
  return scope.node.scopes.some((each) => RELAY_SCOPE in each);
}
