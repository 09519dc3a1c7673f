// The runner's environment tests own the barrier; one copy serves both.
import { startBarrier } from '../../../runner/test/environment/barrier.js';
import { createLambdaService } from '../../src/lambda/create-lambda-service.js';
import type { LambdaService } from '../../src/lambda/types.js';
import { writeAsset } from '../lambda/functions.js';

/** A function capped at one environment, kept busy by a first call. */
export interface BusyFunction {
  service: LambdaService;
  /** The function's name. */
  name: string;
  /** The event of a call that says it ran (`ran ID`) and returns. */
  event(id: string): { id: string; barrier: string };
  /** What the calls said, in order. */
  ran: string[];
  /** Lets the first call finish; resolves with its end. */
  release(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a service whose one function may run one invocation at a time,
 * and a first invocation (`a`) that holds it until `release()`.
 */
export async function startBusyFunction(): Promise<BusyFunction> {
  const asset = writeAsset();
  const ran: string[] = [];
  const service = await createLambdaService({
    maxEnvironmentsPerFunction: 1,
    onOutput: ({ text }) => ran.push(text.trim()),
  });
  const name = 'single';
  await service.createFunction({
    name,
    codeDir: asset.dir,
    handler: 'index.marks',
  });
  const barrier = await startBarrier(2);
  const event = (id: string) => ({ id, barrier: barrier.url });
  const first = service.invoke(name, event('a'));
  return {
    service,
    name,
    event,
    ran,
    release: async () => {
      await fetch(barrier.url);
      await first;
    },
    stop: async () => {
      await barrier.close();
      await service.stop();
      asset.remove();
    },
  };
}
