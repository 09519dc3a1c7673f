import { randomUUID } from 'node:crypto';
import {
  fitInlineBudget,
  type InvokeMessage,
  newPayloadKey,
  type Payload,
  type PayloadStore,
  readPayload,
  type SpillTarget,
  writePayload,
} from '@tether/codec';
import {
  type LambdaContext,
  toForwardedEnv,
  toInvocationContext,
} from './context.js';
import { StubError, toHandlerError } from './errors.js';
import { Invocation } from './internal/invocation.js';
import { PresignedS3Store } from './internal/presigned-s3-store.js';
import { RelayLink } from './internal/relay-link.js';
import {
  type ResolvedStubOptions,
  resolveStubOptions,
  type StubOptions,
} from './options.js';

/** A stub handler: what Lambda calls in place of the user's function. */
export type StubHandler = (
  event: unknown,
  context: LambdaContext,
) => Promise<unknown>;

// API Gateway connection ids are 16 characters; leave room for longer.
const STUB_ID_ROOM = 'x'.repeat(64);

/**
 * Makes a stub handler: each invocation is sent to the stage's runner
 * over one WebSocket reused across invocations, and the runner's answer is
 * returned (a result) or thrown (an error, as the local handler raised it).
 *
 * @param options - Precedence: argument > environment (contract section 3)
 *   > {@link DEFAULTS}.
 * @throws {StubError} `INVALID_OPTIONS` when a required setting is missing.
 * @example
 * ```ts
 * const handler = createStubHandler({ ackTimeoutMs: 1000 });
 * const result = await handler(event, context);
 * ```
 */
export function createStubHandler(options: StubOptions = {}): StubHandler {
  const resolved = resolveStubOptions(options, process.env);
  const link = new RelayLink(resolved);
  const store =
    resolved.bucket === undefined
      ? undefined
      : new PresignedS3Store({
          ...resolved,
          bucket: resolved.bucket,
          endpoint: resolved.s3Endpoint,
          expiresInSeconds: resolved.presignExpiresSeconds,
        });
  return (event, context) => invoke(resolved, link, store, event, context);
}

async function invoke(
  options: ResolvedStubOptions,
  link: RelayLink,
  store: PayloadStore | undefined,
  event: unknown,
  context: LambdaContext,
): Promise<unknown> {
  try {
    return await carryInvocation(options, link, store, event, context);
  } finally {
    // The per-invocation baseline: the connection ends with its invocation.
    if (options.connection === 'per-invocation') link.close();
  }
}

async function carryInvocation(
  options: ResolvedStubOptions,
  link: RelayLink,
  store: PayloadStore | undefined,
  event: unknown,
  context: LambdaContext,
): Promise<unknown> {
  const deadline = Date.now() + context.getRemainingTimeInMillis();
  // Spilling the event and opening the connection overlap.
  const [prepared, connected] = await Promise.allSettled([
    prepareInvoke(options, store, event, context, deadline),
    link.ready(deadline),
  ]);
  if (prepared.status === 'rejected') throw prepared.reason;
  const message = prepared.value;
  if (connected.status === 'rejected') {
    await discard(store, message.payload);
    throw connected.reason;
  }

  const invocation = new Invocation(link, message, options);
  const answer = await invocation.run().catch(async (error: unknown) => {
    // A runner that never acknowledged never read the spilled event.
    if (!invocation.acked) await discard(store, message.payload);
    throw error;
  });
  if (answer.action === 'error') throw toHandlerError(answer.error);
  return carry('result', () => readPayload(answer.payload, { store }));
}

async function prepareInvoke(
  options: ResolvedStubOptions,
  store: PayloadStore | undefined,
  event: unknown,
  context: LambdaContext,
  deadline: number,
): Promise<InvokeMessage> {
  const invoke: Omit<InvokeMessage, 'payload'> = {
    action: 'invoke',
    v: 1,
    id: randomUUID(),
    app: options.app,
    stage: options.stage,
    function: options.functionId,
    deadline,
  };
  const result = await presignResult(store);
  if (result !== undefined) invoke.result = result;
  const budget = fitInlineBudget({ ...invoke, stub: STUB_ID_ROOM });
  const value = {
    event,
    context: toInvocationContext(context, deadline),
    env: toForwardedEnv(options.env, options.forwardCredentials),
  };
  const payload: Payload = await carry('event', () =>
    writePayload(value, { store, budget }),
  );
  return { ...invoke, payload };
}

async function discard(
  store: PayloadStore | undefined,
  payload: Payload,
): Promise<void> {
  if (store === undefined || !('spilled' in payload)) return;
  await store.delete(payload.spilled.key).catch(() => {});
}

async function presignResult(
  store: PayloadStore | undefined,
): Promise<SpillTarget | undefined> {
  if (store?.presign === undefined) return undefined;
  return store.presign(newPayloadKey());
}

async function carry<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const message = `the ${what} could not be carried (${detail}): check its size and the payload bucket (TETHER_BUCKET)`;
    throw new StubError('PAYLOAD_FAILED', message, { cause: error });
  }
}

let shared: StubHandler | undefined;

/**
 * The Lambda entry point (`index.handler` in the asset): a stub
 * configured from the environment, made on the first invocation and
 * reused, with its connection, while the execution environment is warm.
 *
 * @throws {StubError} see {@link StubErrorCode}; or the runner's error,
 *   rebuilt as the local handler raised it.
 * @example
 * ```ts
 * // Lambda: handler "index.handler" of the asset, with the TETHER_*
 * // environment of contract section 3.
 * export { handler } from '@tether/stub';
 * ```
 */
export function handler(
  event: unknown,
  context: LambdaContext,
): Promise<unknown> {
  shared ??= createStubHandler();
  return shared(event, context);
}
