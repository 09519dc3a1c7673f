import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSocket } from '../../relay/test/support/test-socket.js';
import {
  type Chain,
  STUB_ENV,
  type StubEnvironment,
  startChain,
} from './support/chain.js';

const FIXTURES = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../..',
  '../shared/fixtures/events',
);

function listFixtures(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listFixtures(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

// A UTF-8 byte-order mark is not JSON, but readers commonly skip it: the
// event is the JSON after it.
function readFixture(
  path: string,
): { ok: true; value: unknown } | { ok: false; text: string } {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, text };
  }
}

const fixtures = listFixtures(FIXTURES).map((path) => ({
  name: relative(FIXTURES, path),
  ...readFixture(path),
}));
const valid = fixtures.filter((f) => f.ok) as {
  name: string;
  value: unknown;
}[];
const invalid = fixtures.filter((f) => !f.ok) as {
  name: string;
  text: string;
}[];

const echo = async (input: { event: unknown }) => ({ result: input.event });

let chain: Chain;

beforeAll(async () => {
  chain = await startChain();
});

afterAll(async () => {
  await chain?.stop();
});

// First: no runner has registered yet.
describe('the stub with no runner', () => {
  it('fails with Tether.NoRunner and says what to do', async () => {
    const outcome = await chain.invoke({});

    expect(outcome).toMatchObject({
      ok: false,
      error: { errorType: 'Tether.NoRunner' },
    });
    expect(JSON.stringify(outcome)).toContain('start `tether dev`');
  });
});

describe('the chain stub → relay → runner → relay → stub', () => {
  it('carries every fixture event there and back unchanged', async () => {
    const runner = await chain.startRunner(echo);

    for (const fixture of valid) {
      const outcome = await chain.invoke(fixture.value);
      const received = [...runner.inputs.values()].at(-1) as { event: unknown };

      expect(received.event, fixture.name).toEqual(fixture.value);
      expect(outcome, fixture.name).toEqual({
        ok: true,
        result: fixture.value,
      });
    }
    expect(valid.length).toBeGreaterThan(40);
  });

  it('refuses the invalid-JSON fixtures as frames', async () => {
    const stub = await TestSocket.open(chain.relayUrl, 'stub');

    for (const fixture of invalid) stub.send(fixture.text);
    const faults = await Promise.all(
      invalid.map(() => stub.next((f) => f.action === 'fault')),
    );
    stub.close();

    expect(invalid.length).toBeGreaterThan(0);
    expect(faults.map((f) => f.code)).toEqual(invalid.map(() => 'MALFORMED'));
  });

  it.each([
    ['100 KB', 100 * 1024],
    ['1 MB', 1024 * 1024],
    ['5.5 MB', 5.5 * 1024 * 1024],
  ])(
    'spills a %s event and a %s result through S3, then deletes them',
    async (_name, bytes) => {
      const big = randomBytes(Math.floor((bytes * 3) / 4)).toString('base64');
      const runner = await chain.startRunner(async (input) => ({
        result: { echoed: (input.event as { big: string }).big },
      }));

      const outcome = await chain.invoke({ big });
      const invoke = runner.invokes.at(-1);

      expect(invoke?.payload).toHaveProperty('spilled');
      expect(outcome).toEqual({ ok: true, result: { echoed: big } });
      expect(await chain.leftovers()).toEqual([]);
    },
  );

  // The 100 execution environments are 100 instances of the stub asset in
  // this process, each with its own connection, and the relay asset runs
  // in this process behind local-cloud's WebSocket API: 100 local-cloud
  // Lambda environments, with the relay environments they drive, pass
  // Lambda's 10 s init limit on a busy 2-core machine.
  it('matches each of 100 concurrent invocations to its caller', async () => {
    const environments = await chain.environments(100);
    await chain.startRunner(async () => ({ result: 'warm' }), true);
    await invokeEach(environments, 30, () => ({ warm: true }));
    let running = 0;
    let mostRunning = 0;
    await chain.startRunner(async (input) => {
      const { n } = input.event as { n: number };
      mostRunning = Math.max(mostRunning, ++running);
      // Held so that the invocations overlap; answered out of order.
      await new Promise((resolve) => setTimeout(resolve, 2_000 + (n % 7) * 50));
      running--;
      return { result: { n, doubled: n * 2 } };
    }, true);

    const outcomes = await invokeEach(environments, 10, (n) => ({ n }));

    expect(outcomes).toEqual(
      Array.from({ length: 100 }, (_, n) => ({
        ok: true,
        result: { n, doubled: n * 2 },
      })),
    );
    expect(mostRunning).toBeGreaterThan(1);
  }, 240_000);

  it('forwards the context and the environment less the TETHER_ settings', async () => {
    const runner = await chain.startRunner(echo);

    await chain.invoke({ look: 'at me' });
    const input = [...runner.inputs.values()].at(-1) as {
      context: Record<string, unknown>;
      env: Record<string, string>;
    };

    expect(input.context).toMatchObject({
      functionName: 'patient',
      functionVersion: '$LATEST',
    });
    expect(typeof input.context.awsRequestId).toBe('string');
    expect(input.context.deadline).toBeGreaterThan(Date.now());
    expect(input.context.sentAt).toBeLessThanOrEqual(Date.now());
    expect(input.env.USER_SETTING).toBe(STUB_ENV.USER_SETTING);
    expect(
      Object.keys(input.env).some((name) => name.startsWith('TETHER_')),
    ).toBe(false);
  });

  it("rethrows the runner's error as the local handler raised it", async () => {
    await chain.startRunner(async () => ({
      error: {
        errorType: 'ValidationError',
        errorMessage: 'name is required',
        trace: [
          'ValidationError: name is required',
          '    at handler (/src/app.ts:3:9)',
        ],
      },
    }));

    const outcome = await chain.invoke({});

    expect(outcome).toMatchObject({
      ok: false,
      error: {
        errorType: 'ValidationError',
        errorMessage: 'name is required',
        trace: [
          'ValidationError: name is required',
          '    at handler (/src/app.ts:3:9)',
        ],
      },
    });
  });

  it('reuses its connection across warm invocations', async () => {
    const [environment] = await chain.environments(1);
    const runner = await chain.startRunner(echo, true);

    await environment?.({ first: true });
    await environment?.({ second: true });
    const stubs = runner.invokes.map((invoke) => invoke.stub);

    expect(stubs).toHaveLength(2);
    expect(stubs[1]).toBe(stubs[0]);
  });

  it.each([
    // A 61 s lifetime less the 60 s margin cannot cover a 120 s deadline.
    [
      'its connection could not outlive the deadline',
      { connectionLifetimeMs: 61_000 },
    ],
    ['it is told to use one per invocation', { connection: 'per-invocation' }],
  ])('opens a new connection when %s', async (_why, options) => {
    const [environment] = await chain.environments(1, options);
    const runner = await chain.startRunner(echo, true);

    const outcomes = [
      await environment?.({ a: 1 }),
      await environment?.({ b: 2 }),
    ];
    const stubs = runner.invokes.map((invoke) => invoke.stub);

    expect(outcomes).toEqual([
      { ok: true, result: { a: 1 } },
      { ok: true, result: { b: 2 } },
    ]);
    expect(stubs).toHaveLength(2);
    expect(stubs[1]).not.toBe(stubs[0]);
  });

  it('sends the invoke once more when the first gets no ack', async () => {
    const [environment] = await chain.environments(1, { ackTimeoutMs: 2_000 });
    const runner = await chain.startRunner(echo, true);
    // The runner misses the first invoke, as if its relay call were lost.
    const socket = runner.socket.socket;
    const [record, handle] = socket.listeners('message') as ((
      data: Buffer,
    ) => void)[];
    socket.removeAllListeners('message');
    let seen = 0;
    socket.on('message', (data: Buffer) => {
      const isInvoke = JSON.parse(data.toString()).action === 'invoke';
      if (isInvoke && ++seen === 1) return;
      record?.(data);
      handle?.(data);
    });

    const outcome = await environment?.({ twice: 'sent' });

    expect(seen).toBe(2);
    expect(outcome).toEqual({ ok: true, result: { twice: 'sent' } });
  });

  it('resumes on a new connection when its own drops mid-invocation', async () => {
    let runs = 0;
    let release = (): void => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const runner = await chain.startRunner(async () => {
      runs++;
      await released;
      return { result: 'after the drop' };
    });

    const pending = chain.invoke({ drop: true });
    await waitFor(() => runner.invokes.length > 0);
    const first = runner.invokes[0] as { id: string; stub: string };
    await chain.dropConnection(first.stub);
    await waitFor(() => runner.resumes.length > 0);
    release();
    const outcome = await pending;
    const again = runner.resumes[0] as { id: string; stub: string };

    expect(outcome).toEqual({ ok: true, result: 'after the drop' });
    expect(runs).toBe(1);
    expect(again.id).toBe(first.id);
    expect(again.stub).not.toBe(first.stub);
  });
});

describe('the stub never waits silently', () => {
  it('fails with Tether.RunnerGone when the registered runner is gone', async () => {
    const [environment] = await chain.environments(1);
    // The in-process relay may still hold the last runner: replace it with
    // one that is then gone too.
    const runner = await chain.startRunner(echo, true);
    runner.close();
    await chain.registerGhostRunner();

    const outcome = await environment?.({});

    expect(outcome).toMatchObject({
      ok: false,
      error: { errorType: 'Tether.RunnerGone' },
    });
  });

  it('fails at once, naming the cause, when the runner goes away mid-invocation', async () => {
    const runner = await chain.startRunner(async () => {
      runner.close();
      return 'ignore';
    });

    const outcome = (await chain.invoke({}, 'strict')) as {
      error: { errorType: string };
    };

    // With its ack delivered, the stub hears nothing more (RunnerSilent);
    // with the ack lost in the disconnect, the resent invoke finds no
    // runner (NoRunner). Either way, not the function's own timeout.
    expect(['Tether.RunnerSilent', 'Tether.NoRunner']).toContain(
      outcome.error?.errorType,
    );
  });

  it('fails with Tether.RunnerSilent when the runner stops acking', async () => {
    // Acked once (the test runner acks on receipt), then silence.
    await chain.startRunner(async () => 'ignore');

    const outcome = await chain.invoke({}, 'strict');

    expect(outcome).toMatchObject({
      ok: false,
      error: { errorType: 'Tether.RunnerSilent' },
    });
  });

  it('fails with Tether.NoAck when the runner does not acknowledge', async () => {
    const runner = await chain.startRunner(echo);
    runner.socket.socket.removeAllListeners('message');

    const outcome = await chain.invoke({}, 'strict');

    expect(outcome).toMatchObject({
      ok: false,
      error: { errorType: 'Tether.NoAck' },
    });
  });

  it('fails with Tether.Deadline before the function times out', async () => {
    const runner = await chain.startRunner(async (_input, invoke) => {
      const timer = setInterval(() => {
        runner.send({ action: 'ack', v: 1, id: invoke.id, stub: invoke.stub });
      }, 300);
      setTimeout(() => clearInterval(timer), 5_000);
      return 'ignore';
    });

    const outcome = await chain.invoke({}, 'strict');

    expect(outcome).toMatchObject({
      ok: false,
      error: { errorType: 'Tether.Deadline' },
    });
  });
});

/** Invokes each environment once, the n-th `spacingMs` × n later. */
function invokeEach(
  environments: StubEnvironment[],
  spacingMs: number,
  event: (n: number) => unknown,
) {
  return Promise.all(
    environments.map(async (invoke, n) => {
      await new Promise((resolve) => setTimeout(resolve, n * spacingMs));
      return invoke(event(n));
    }),
  );
}

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 2_000 && !check(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (!check()) throw new Error('condition not met in 20 s');
}
