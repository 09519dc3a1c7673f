import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOutputs, writeOutputsFile } from '../src/outputs-file.js';
import type { DeployedApp } from '../src/targets/target.js';

const deployed: DeployedApp = {
  outputs: { Api: { Url: 'http://127.0.0.1:1' } },
  relayUrl: 'ws://127.0.0.1:2',
  apis: [{ stack: 'Api', logicalId: 'A1', type: 'HTTP', url: 'http://x' }],
  functions: [
    {
      name: 'f',
      stack: 'Api',
      logicalId: 'F1',
      constructPath: 'Api/F',
      live: true,
    },
  ],
  lambdaEndpoint: 'http://127.0.0.1:3',
  runnerCredentials: undefined,
};

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tether-cli-out-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('buildOutputs', () => {
  it('adds the local section for local runs', () => {
    const outputs = buildOutputs(deployed, 'local');

    expect(outputs).toEqual({
      stacks: deployed.outputs,
      local: {
        lambdaEndpoint: 'http://127.0.0.1:3',
        apis: deployed.apis,
        functions: deployed.functions,
      },
    });
  });

  it('keeps only the stacks for AWS', () => {
    expect(buildOutputs(deployed, 'aws')).toEqual({ stacks: deployed.outputs });
  });
});

describe('writeOutputsFile', () => {
  it('writes the JSON file', async () => {
    const file = path.join(root, 'outputs.json');

    await writeOutputsFile(file, { stacks: deployed.outputs });

    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      stacks: deployed.outputs,
    });
  });

  it('fails with OUTPUTS_WRITE_FAILED in a missing folder', async () => {
    const file = path.join(root, 'missing', 'outputs.json');

    const failure = await writeOutputsFile(file, { stacks: {} }).catch(
      (error: { code?: string }) => error.code,
    );

    expect(failure).toBe('OUTPUTS_WRITE_FAILED');
  });
});
