import { randomUUID } from 'node:crypto';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { encodePayload } from '@tether/codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalStack,
  type RelayEvent,
  type RelayPair,
  STAGE,
  startLocalStack,
  TABLE,
} from './support/local-stack.js';
import type { TestSocket } from './support/test-socket.js';

const APP = 'relay-test';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});

afterAll(async () => {
  await stack?.stop();
});

function register(runner: TestSocket, uuid: string, stage = STAGE): void {
  runner.send({
    action: 'register',
    v: 1,
    app: APP,
    stage,
    runner: uuid,
    functions: ['Api/Hello'],
  });
}

function invoke(stub: TestSocket, id: string, stage = STAGE): void {
  stub.send({
    action: 'invoke',
    v: 1,
    id,
    app: APP,
    stage,
    function: 'Api/Hello',
    deadline: Date.now() + 10_000,
    payload: { inline: encodePayload({ hello: id }) },
  });
}

async function registeredRunner(stage = STAGE): Promise<TestSocket> {
  const runner = await stack.open('runner');
  register(runner, randomUUID(), stage);
  await runner.next((f) => f.action === 'registered');
  return runner;
}

async function readItem(pk: string): Promise<unknown> {
  const { Item } = await stack.table.send(
    new GetItemCommand({ TableName: TABLE, Key: { pk: { S: pk } } }),
  );
  return Item;
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not met in 2 s');
}

const isFault =
  (code: string) => (frame: { action?: string; code?: unknown }) =>
    frame.action === 'fault' && frame.code === code;

describe('relay', () => {
  it('answers a registration with the connection id', async () => {
    const runner = await stack.open('runner');

    register(runner, randomUUID(), 'registration');
    const answer = await runner.next((f) => f.action === 'registered');

    expect(answer).toMatchObject({ app: APP, stage: 'registration', v: 1 });
    expect(typeof answer.connection).toBe('string');
  });

  it('routes an invoke to the runner with the stub id, and back', async () => {
    const runner = await registeredRunner('routing');
    const stub = await stack.open('stub');
    const id = randomUUID();

    invoke(stub, id, 'routing');
    const forwarded = await runner.next((f) => f.action === 'invoke');
    runner.send({ action: 'ack', v: 1, id, stub: forwarded.stub });
    const payload = { inline: encodePayload({ ok: true }) };
    runner.send({ action: 'result', v: 1, id, stub: forwarded.stub, payload });
    const ack = await stub.next((f) => f.action === 'ack');
    const result = await stub.next((f) => f.action === 'result');

    expect(forwarded).toMatchObject({ id, stage: 'routing' });
    expect(typeof forwarded.stub).toBe('string');
    expect(ack.id).toBe(id);
    expect(result).toMatchObject({ id, payload });
  });

  it('answers NO_RUNNER when nothing is registered', async () => {
    const stub = await stack.open('stub');
    const id = randomUUID();

    invoke(stub, id, 'nobody');
    const fault = await stub.next((f) => f.action === 'fault');

    expect(fault).toMatchObject({ code: 'NO_RUNNER', id });
  });

  it('answers NO_RUNNER once the runner disconnected', async () => {
    const runner = await registeredRunner('left');
    const stub = await stack.open('stub');
    runner.close();
    await waitFor(
      async () => (await readItem('runner#relay-test#left')) === undefined,
    );

    const id = randomUUID();
    invoke(stub, id, 'left');
    const fault = await stub.next((f) => f.action === 'fault');

    expect(fault).toMatchObject({ code: 'NO_RUNNER', id });
  });

  it('answers RUNNER_GONE and removes a registration whose connection is gone', async () => {
    await stack.table.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: {
          pk: { S: 'runner#relay-test#ghost' },
          app: { S: APP },
          stage: { S: 'ghost' },
          runner: { S: randomUUID() },
          connectionId: { S: 'ghost=' },
          functions: { L: [] },
          registeredAt: { N: String(Date.now()) },
          expiresAt: { N: String(Math.ceil(Date.now() / 1000) + 60) },
        },
      }),
    );
    const stub = await stack.open('stub');
    const id = randomUUID();

    invoke(stub, id, 'ghost');
    const fault = await stub.next((f) => f.action === 'fault');

    expect(fault).toMatchObject({ code: 'RUNNER_GONE', id });
    expect(await readItem('runner#relay-test#ghost')).toBeUndefined();
  });

  it('costs one table read at most per routed invocation', async () => {
    const runner = await registeredRunner('reads');
    const stub = await stack.open('stub');
    const perInvocation: number[] = [];

    for (const id of [randomUUID(), randomUUID(), randomUUID()]) {
      const before = stack.reads.length;
      invoke(stub, id, 'reads');
      await runner.next((f) => f.action === 'invoke' && f.id === id);
      perInvocation.push(stack.reads.length - before);
    }

    expect(perInvocation.every((reads) => reads <= 1)).toBe(true);
  });

  it('reads nothing while a warm relay holds the answer', async () => {
    // The in-process relay is one warm execution environment.
    const url = await stack.inProcessRelayUrl();
    const runner = await stack.open('runner', url);
    register(runner, randomUUID(), 'warm');
    await runner.next((f) => f.action === 'registered');
    const stub = await stack.open('stub', url);
    const [first, second] = [randomUUID(), randomUUID()];
    invoke(stub, first, 'warm');
    await runner.next((f) => f.action === 'invoke' && f.id === first);

    const before = stack.reads.length;
    invoke(stub, second, 'warm');
    await runner.next((f) => f.action === 'invoke' && f.id === second);

    expect(stack.reads.length - before).toBe(0);
  });

  it('evicts the old runner when another registers the stage', async () => {
    const first = await registeredRunner('evict');
    const second = await stack.open('runner');
    const uuid = randomUUID();

    register(second, uuid, 'evict');
    await second.next((f) => f.action === 'registered');
    const evicted = await first.next((f) => f.action === 'evicted');
    await first.closedByPeer();

    expect(evicted).toMatchObject({ stage: 'evict', by: uuid });
  });

  it('does not evict the same runner handing over to a new connection', async () => {
    const uuid = randomUUID();
    const before = await stack.open('runner');
    register(before, uuid, 'handover');
    await before.next((f) => f.action === 'registered');
    const after = await stack.open('runner');

    register(after, uuid, 'handover');
    await after.next((f) => f.action === 'registered');
    const stub = await stack.open('stub');
    const id = randomUUID();
    invoke(stub, id, 'handover');
    // A warm relay may still route to the old connection: both are the
    // same runner's.
    const isIt = (f: { action?: string; id?: unknown }) =>
      f.action === 'invoke' && f.id === id;
    await Promise.any([after.next(isIt), before.next(isIt)]);

    expect(before.received.some((f) => f.action === 'evicted')).toBe(false);
    expect(before.closed).toBe(false);
  });

  it('refuses a stub that tries to register', async () => {
    const stub = await stack.open('stub');

    register(stub, randomUUID(), 'stub-register');
    const fault = await stub.next((f) => f.action === 'fault');

    expect(fault.code).toBe('FORBIDDEN');
  });

  it('refuses a result or ack from a stub connection', async () => {
    const stub = await stack.open('stub');
    const id = randomUUID();

    stub.send({ action: 'ack', v: 1, id, stub: 'x' });
    const fault = await stub.next((f) => f.action === 'fault');

    expect(fault).toMatchObject({ code: 'FORBIDDEN', id });
  });

  it('refuses a result from a runner that has not registered', async () => {
    const runner = await stack.open('runner');
    const id = randomUUID();

    runner.send({
      action: 'error',
      v: 1,
      id,
      stub: 'x',
      error: { errorType: 'E', errorMessage: 'm' },
    });
    const fault = await runner.next((f) => f.action === 'fault');

    expect(fault).toMatchObject({ code: 'FORBIDDEN', id });
  });

  it('refuses an invoke from a runner connection', async () => {
    const runner = await registeredRunner('runner-invokes');
    const id = randomUUID();

    invoke(runner, id, 'runner-invokes');
    const fault = await runner.next(isFault('FORBIDDEN'));

    expect(fault.id).toBe(id);
  });

  it('reports a result whose stub is gone to the runner', async () => {
    const runner = await registeredRunner('stub-gone');
    const stub = await stack.open('stub');
    const id = randomUUID();
    invoke(stub, id, 'stub-gone');
    const forwarded = await runner.next((f) => f.action === 'invoke');
    stub.close();
    await new Promise((resolve) => setTimeout(resolve, 50));

    const payload = { inline: encodePayload(1) };
    runner.send({ action: 'result', v: 1, id, stub: forwarded.stub, payload });
    const fault = await runner.next((f) => f.action === 'fault');

    expect(fault).toMatchObject({ code: 'STUB_GONE', id });
  });

  it('refuses a connection that declares no kind', async () => {
    const opening = stack.open('spy');

    await expect(opening).rejects.toThrow(/HTTP 4/);
  });

  it.each([
    ['not JSON', 'MALFORMED'],
    ['[1,2]', 'MALFORMED'],
    ['{"action":"invoke","v":1}', 'MALFORMED'],
    ['{"action":"dance","v":1}', 'UNKNOWN_ACTION'],
    ['{"action":"invoke","v":2,"id":"x"}', 'UNSUPPORTED_VERSION'],
    [
      '{"action":"registered","v":1,"app":"a","stage":"s","connection":"c"}',
      'FORBIDDEN',
    ],
  ])(
    'answers the garbage frame %s with %s, from either side',
    async (frame, code) => {
      const runner = await stack.open('runner');
      const stub = await stack.open('stub');

      runner.send(frame);
      stub.send(frame);
      const faults = await Promise.all([
        runner.next((f) => f.action === 'fault'),
        stub.next((f) => f.action === 'fault'),
      ]);

      expect(faults.map((f) => f.code)).toEqual([code, code]);
    },
  );
});

describe('relay across warm environments', () => {
  const table = `${TABLE}-pair`;
  let pair: RelayPair;

  beforeAll(async () => {
    pair = await stack.relayPair(table);
  });

  async function item(pk: string): Promise<Record<string, unknown>> {
    const { Item } = await stack.table.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: pk } } }),
    );
    return Item as Record<string, unknown>;
  }

  async function pairRunner(uuid: string, stage: string): Promise<TestSocket> {
    const runner = await stack.open('runner', pair.url);
    register(runner, uuid, stage);
    await runner.next((f) => f.action === 'registered');
    return runner;
  }

  /** A runner's two connections, the second registered after the first. */
  async function handedOver(
    stage: string,
  ): Promise<{ before: TestSocket; after: TestSocket }> {
    pair.choose = () => 0;
    const uuid = randomUUID();
    const before = await pairRunner(uuid, stage);
    const after = await pairRunner(uuid, stage);
    return { before, after };
  }

  /**
   * Holds the next event of `routeKey` until `release` is called; events
   * go to the relay `route` picks.
   */
  function hold(
    routeKey: string,
    route: (event: RelayEvent) => number = () => 0,
  ): {
    connectionId: Promise<string>;
    release: () => void;
  } {
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let arrived = (_id: string): void => {};
    const connectionId = new Promise<string>((resolve) => {
      arrived = resolve;
    });
    let held = false;
    pair.choose = async (event) => {
      if (!held && event.requestContext.routeKey === routeKey) {
        held = true;
        arrived(event.requestContext.connectionId);
        await gate;
      }
      return route(event);
    };
    return { connectionId, release };
  }

  const invoked = (id: string) => (f: { action?: string; id?: unknown }) =>
    f.action === 'invoke' && f.id === id;

  it('accepts the answers of a runner registered through another relay', async () => {
    pair.choose = () => 0;
    // Relay 0 caches the connection, not yet registered, at $connect.
    const runner = await stack.open('runner', pair.url);
    const stub = await stack.open('stub', pair.url);
    pair.choose = (event) =>
      event.requestContext.routeKey === 'register' ? 1 : 0;
    register(runner, randomUUID(), 'pair-answer');
    await runner.next((f) => f.action === 'registered');
    const id = randomUUID();
    invoke(stub, id, 'pair-answer');
    const forwarded = await runner.next(invoked(id));

    runner.send({ action: 'ack', v: 1, id, stub: forwarded.stub });
    const ack = await stub.next((f) => f.action === 'ack');

    expect(ack.id).toBe(id);
    expect(runner.received.some((f) => f.action === 'fault')).toBe(false);
  });

  it('keeps the stage on the old connection when a handover connection closes', async () => {
    const { before, after } = await handedOver('abandoned');
    const gone = (await item('runner#relay-test#abandoned')).connectionId;
    after.close();
    await waitFor(async () => {
      const connection = (gone as { S: string }).S;
      return (await item(`connection#${connection}`)) === undefined;
    });

    const id = randomUUID();
    const stub = await stack.open('stub', pair.url);
    invoke(stub, id, 'abandoned');
    const forwarded = await before.next(invoked(id));

    expect(forwarded.id).toBe(id);
    expect(stub.received.some((f) => f.action === 'fault')).toBe(false);
  });

  it('removes the registration when the runner closes both connections', async () => {
    const { before, after } = await handedOver('both-closed');
    before.close();
    after.close();
    await waitFor(
      async () => (await item('runner#relay-test#both-closed')) === undefined,
    );

    const id = randomUUID();
    const stub = await stack.open('stub', pair.url);
    invoke(stub, id, 'both-closed');
    const fault = await stub.next((f) => f.action === 'fault');

    expect(fault).toMatchObject({ code: 'NO_RUNNER', id });
  });

  it('does not give the stage to a connection gone before its register ran', async () => {
    pair.choose = () => 0;
    const uuid = randomUUID();
    const before = await pairRunner(uuid, 'late-register');
    // Relay 0 still caches the connection when relay 1 has forgotten it.
    const registering = hold('register', (event) =>
      event.requestContext.routeKey === '$disconnect' ? 1 : 0,
    );
    const after = await stack.open('runner', pair.url);
    register(after, uuid, 'late-register');
    const connection = await registering.connectionId;
    after.close();
    await waitFor(
      async () => (await item(`connection#${connection}`)) === undefined,
    );
    const handled = new Promise<void>((resolve) => {
      pair.handled = (event) => {
        if (event.requestContext.routeKey === 'register') resolve();
      };
    });
    registering.release();
    await handled;

    const id = randomUUID();
    const stub = await stack.open('stub', pair.url);
    invoke(stub, id, 'late-register');
    const forwarded = await before.next(invoked(id));

    expect(forwarded.id).toBe(id);
  });

  it('routes to the old connection when the handover connection is gone before its $disconnect ran', async () => {
    const { before, after } = await handedOver('gone-first');
    const disconnecting = hold('$disconnect');
    after.close();
    await disconnecting.connectionId;

    const id = randomUUID();
    const stub = await stack.open('stub', pair.url);
    invoke(stub, id, 'gone-first');
    const forwarded = await before.next(invoked(id));
    disconnecting.release();

    expect(forwarded.id).toBe(id);
    expect(stub.received.some((f) => f.action === 'fault')).toBe(false);
  });
});
