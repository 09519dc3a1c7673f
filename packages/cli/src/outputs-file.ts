import { rename, writeFile } from 'node:fs/promises';
import { CliError } from './errors.js';
import type {
  DeployedApi,
  DeployedApp,
  DeployedFunction,
  StackOutputs,
} from './targets/target.js';

/** What `--outputs-file` holds once everything is ready. */
export interface OutputsFile {
  /** Each stack's outputs, as `cdk deploy --outputs-file` writes them. */
  stacks: StackOutputs;
  /** Local runs only: where things listen on this machine. */
  local?: {
    lambdaEndpoint: string;
    apis: DeployedApi[];
    functions: DeployedFunction[];
  };
}

/** The outputs file's content for a deployed app. */
export function buildOutputs(
  deployed: DeployedApp,
  kind: 'local' | 'aws',
): OutputsFile {
  if (kind === 'aws' || deployed.lambdaEndpoint === undefined) {
    return { stacks: deployed.outputs };
  }
  return {
    stacks: deployed.outputs,
    local: {
      lambdaEndpoint: deployed.lambdaEndpoint,
      apis: deployed.apis,
      functions: deployed.functions,
    },
  };
}

/**
 * Writes the outputs file in one step (a temporary file renamed into
 * place), so a script polling for it never reads half of it.
 *
 * @throws {CliError} `OUTPUTS_WRITE_FAILED`.
 */
export async function writeOutputsFile(
  file: string,
  content: OutputsFile,
): Promise<void> {
  const partial = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(partial, `${JSON.stringify(content, null, 2)}\n`);
    await rename(partial, file);
  } catch (cause) {
    throw new CliError('OUTPUTS_WRITE_FAILED', `cannot write ${file}`, {
      hint: 'pass an --outputs-file path in a folder you can write to',
      cause,
    });
  }
}
