import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLambdaService,
  type LambdaInvoker,
  type LocalCredentials,
} from '../../src/index.js';

/** Handler sources (CommonJS `index.js`) by function name. */
export type HandlerSources = Record<string, string>;

export interface TestFunctions {
  readonly invoker: LambdaInvoker;
  stop(): Promise<void>;
}

/**
 * Writes each handler into its own asset directory and creates it in a
 * real Lambda service, with `environment` as every function's own
 * variables and `credentials` as its AWS credentials.
 */
export async function startFunctions(
  sources: HandlerSources,
  options: {
    environment?: Record<string, string>;
    credentials?: LocalCredentials;
  } = {},
): Promise<TestFunctions> {
  const directory = await mkdtemp(join(tmpdir(), 'local-cloud-functions-'));
  const lambda = await createLambdaService({
    credentials: options.credentials,
  });
  for (const [name, source] of Object.entries(sources)) {
    const codeDir = join(directory, name);
    await mkdir(codeDir);
    await writeFile(join(codeDir, 'index.js'), source);
    await lambda.createFunction({
      name,
      codeDir,
      handler: 'index.handler',
      environment: options.environment,
      timeout: 10,
    });
  }
  return {
    invoker: lambda,
    stop: async () => {
      await lambda.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
