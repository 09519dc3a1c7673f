import { randomUUID } from 'node:crypto';
import {
  type InvocationError,
  readPayload,
  type SpillTarget,
  writePayload,
} from '@tether/codec';
import {
  type Frame,
  TestSocket,
} from '../../../relay/test/support/test-socket.js';

/** What the test runner does with an invocation it received. */
export type Behaviour = (
  input: {
    event: unknown;
    context: Record<string, unknown>;
    env: Record<string, string>;
  },
  invoke: Frame,
) => Promise<{ result: unknown } | { error: InvocationError } | 'ignore'>;

/**
 * The runner side of the chain written for the tests: a plain `ws` client
 * that registers, acks each invoke, reads its payload (through the
 * presigned URLs), runs a behaviour, and answers (spilling to the stub's
 * result URLs when big).
 */
export class TestRunner {
  readonly socket: TestSocket;
  readonly invokes: Frame[] = [];
  readonly resumes: Frame[] = [];
  readonly inputs = new Map<string, unknown>();
  /** Where each invocation's answer goes, and the answer once made. */
  readonly #state = new Map<string, { stub: string; answer?: Frame }>();
  behaviour: Behaviour;

  private constructor(socket: TestSocket, behaviour: Behaviour) {
    this.socket = socket;
    this.behaviour = behaviour;
    socket.socket.on('message', (data) => {
      const frame = safeParse(data.toString());
      if (frame?.action === 'invoke') void this.#run(frame);
      if (frame?.action === 'resume') this.#resume(frame);
    });
  }

  /** Connects as a runner and registers for the app and stage. */
  static async start(
    url: string,
    app: string,
    stage: string,
    behaviour: Behaviour,
  ): Promise<TestRunner> {
    const socket = await TestSocket.open(url, 'runner');
    const runner = new TestRunner(socket, behaviour);
    socket.send({
      action: 'register',
      v: 1,
      app,
      stage,
      runner: randomUUID(),
      functions: ['Api/Echo'],
    });
    await socket.next((f) => f.action === 'registered');
    return runner;
  }

  send(message: unknown): void {
    this.socket.send(message);
  }

  close(): void {
    this.socket.close();
  }

  async #run(invoke: Frame): Promise<void> {
    this.invokes.push(invoke);
    const { id, stub } = invoke as { id: string; stub: string };
    if (this.#state.has(id)) return this.#resume(invoke);
    const state: { stub: string; answer?: Frame } = { stub };
    this.#state.set(id, state);
    this.send({ action: 'ack', v: 1, id, stub });
    const input = (await readPayload(invoke.payload as never)) as never;
    this.inputs.set(id, input);
    // Acks go on while the behaviour runs, as the runner's heartbeat.
    const heartbeat = setInterval(() => {
      this.send({ action: 'ack', v: 1, id, stub: state.stub });
    }, 1_000);
    const outcome = await this.behaviour(input, invoke).finally(() => {
      clearInterval(heartbeat);
    });
    if (outcome === 'ignore') return;
    if ('error' in outcome) {
      state.answer = { action: 'error', v: 1, id, error: outcome.error };
    } else {
      const target = invoke.result as SpillTarget | undefined;
      const payload = await writePayload(outcome.result, { target });
      state.answer = { action: 'result', v: 1, id, payload };
    }
    this.send({ ...state.answer, stub: state.stub });
  }

  #resume(frame: Frame): void {
    this.resumes.push(frame);
    const { id, stub } = frame as { id: string; stub: string };
    const state = this.#state.get(id);
    if (state === undefined) return;
    state.stub = stub;
    if (state.answer === undefined)
      this.send({ action: 'ack', v: 1, id, stub });
    else this.send({ ...state.answer, stub });
  }
}

function safeParse(text: string): Frame | undefined {
  try {
    return JSON.parse(text) as Frame;
  } catch {
    return undefined;
  }
}
