import type { InvokeOutcome, LambdaInvoker } from '../lambda-invoker.js';

/** Authorizer answers kept for their TTL, by authorizer and identity. */
export interface AuthorizerCache {
  get(key: string): unknown;
  set(key: string, result: unknown, ttlSeconds: number): void;
}

/**
 * A cache of authorizer answers as API Gateway keeps them: by authorizer and
 * identity-source values, for `AuthorizerResultTtlInSeconds` (0 keeps
 * nothing). The answer is cached, not the decision, so a cached policy is
 * evaluated again for each method, as in AWS.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/configure-api-gateway-lambda-authorization.html
 */
export function createAuthorizerCache(
  now: () => number = Date.now,
): AuthorizerCache {
  const entries = new Map<string, { result: unknown; expires: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expires > now()) return entry.result;
      entries.delete(key);
      return undefined;
    },
    set(key, result, ttlSeconds) {
      if (ttlSeconds <= 0) return;
      entries.set(key, { result, expires: now() + ttlSeconds * 1000 });
    },
  };
}

/** The cache key of one authorizer and identity. */
export function cacheKey(authorizerId: string, identity: string[]): string {
  return JSON.stringify([authorizerId, ...identity]);
}

/** What a cached call needs to know of the authorizer. */
export interface CachedAuthorizer {
  id: string;
  functionName: string;
  resultTtlSeconds: number;
}

/**
 * Invokes an authorizer unless the cache holds its answer for this
 * identity; a successful answer is cached, a failure never is.
 */
export async function invokeAuthorizer(
  authorizer: CachedAuthorizer,
  identity: string[],
  event: unknown,
  backends: { invoker: LambdaInvoker; cache: AuthorizerCache },
): Promise<InvokeOutcome> {
  const key = cacheKey(authorizer.id, identity);
  const cached = backends.cache.get(key);
  if (cached !== undefined) return { ok: true, result: cached };
  const outcome = await backends.invoker.invoke(authorizer.functionName, event);
  if (outcome.ok) {
    backends.cache.set(key, outcome.result ?? {}, authorizer.resultTtlSeconds);
  }
  return outcome;
}
