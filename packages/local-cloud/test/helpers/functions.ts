import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InvokeOutcome, LambdaInvoker } from '../../src/index.js';

/** Handler sources (CommonJS) by function name. */
export type HandlerSources = Record<string, string>;

export interface TestFunctions {
  readonly invoker: LambdaInvoker;
  readonly directory: string;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

/**
 * Writes each handler to its own asset directory and serves them through
 * an invoker.
 */
export async function startFunctions(
  sources: HandlerSources,
  environment: Record<string, string> = {},
): Promise<TestFunctions> {
  const directory = await mkdtemp(join(tmpdir(), 'local-cloud-test-'));
  const handlers = new Map<string, (event: unknown) => Promise<unknown>>();
  for (const [name, source] of Object.entries(sources)) {
    await writeFile(join(directory, `${name}.js`), source);
    const module = { exports: {} as Record<string, unknown> };
    new Function('exports', 'require', 'module', 'process', source)(
      module.exports,
      require,
      module,
      { env: { ...process.env, ...environment } },
    );
    handlers.set(name, module.exports.handler as never);
  }
  const invoker: LambdaInvoker = {
    async invoke(name, event): Promise<InvokeOutcome> {
      const handler = handlers.get(name);
      if (!handler) {
        return {
          ok: false,
          error: { errorType: 'ResourceNotFoundException', errorMessage: name },
        };
      }
      try {
        return { ok: true, result: await handler(event) };
      } catch (error) {
        const e = error as Error;
        return {
          ok: false,
          error: { errorType: e.name, errorMessage: e.message },
        };
      }
    },
  };
  return {
    invoker,
    directory,
    stop: () => rm(directory, { recursive: true, force: true }),
  };
}
