import path from 'node:path';
import {
  createEnvironmentPool,
  type EnvironmentOutput,
  type EnvironmentPool,
  type EnvironmentPoolOptions,
} from '@tether/runner';

/** Makes pools over the test handlers and stops them all at the end. */
export function poolFactory(dir: () => string) {
  const pools: EnvironmentPool[] = [];
  const make = (
    exportName: string,
    options: Partial<EnvironmentPoolOptions> & { file?: string } = {},
  ): EnvironmentPool => {
    const { file = 'handlers.mjs', ...rest } = options;
    const pool = createEnvironmentPool({
      functionName: 'test-function',
      code: { file: path.join(dir(), file), exportName },
      ...rest,
    });
    pools.push(pool);
    return pool;
  };
  const stopAll = async (): Promise<void> => {
    await Promise.all(pools.splice(0).map((pool) => pool.stop()));
  };
  return { make, stopAll };
}

/** Gathers the output a pool delivers. */
export function outputSink() {
  const pieces: EnvironmentOutput[] = [];
  return {
    pieces,
    onOutput: (output: EnvironmentOutput) => pieces.push(output),
    textOf: (requestId: string) =>
      pieces
        .filter((piece) => piece.requestId === requestId)
        .map((piece) => piece.text)
        .join(''),
  };
}
