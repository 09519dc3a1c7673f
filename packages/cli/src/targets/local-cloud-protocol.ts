import type { DeployedApi, DeployedFunction, StackOutputs } from './target.js';

/** What the CLI asks of the local-cloud host process. */
export type HostRequest =
  | {
      type: 'deploy';
      assemblyDir: string;
      region: string;
      accountId: string;
      credentials: { accessKeyId: string; secretAccessKey: string };
      persistDir: string | undefined;
      port: number;
    }
  | { type: 'stop' };

/** An error as it crosses the process boundary. */
export interface HostError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}

/** What the local-cloud host process reports. */
export type HostReply =
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; text: string }
  | {
      type: 'deployed';
      outputs: StackOutputs;
      apis: DeployedApi[];
      functions: DeployedFunction[];
      lambdaEndpoint: string;
      warnings: string[];
    }
  | { type: 'failed'; error: HostError }
  | { type: 'stopped' };
