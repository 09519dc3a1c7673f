import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/errors.js';
import { spawnCli } from '../e2e/dev-process.js';

// No AWS account here: an HTTP server on loopback stands in for every AWS
// endpoint (AWS_ENDPOINT_URL) and refuses every call, as AWS does with an
// unknown key. The tests show how far the AWS target gets: synthesis, then
// a call signed with the user's key, then a clean failure with exit code 5.

const TINY_APP = path.resolve(import.meta.dirname, '../fixtures/tiny-app');
const ACCESS_KEY = 'AKIDTETHERTEST';

let server: Server;
let endpoint: string;
let root: string;
const signedBy: string[] = [];

const REFUSAL =
  '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>' +
  '<Message>The security token included in the request is invalid.</Message>' +
  '</Error><RequestId>0</RequestId></ErrorResponse>';

async function runAgainstFakeAws(args: string[]) {
  const previous = { ...process.env };
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: 'not-a-secret',
    AWS_ENDPOINT_URL: endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  const cli = await spawnCli(
    args,
    TINY_APP,
    await mkdtemp(path.join(root, 'tmp-')),
  );
  process.env = previous;
  const { code } = await cli.exited;
  return { code, output: cli.output() };
}

type Run = Awaited<ReturnType<typeof runAgainstFakeAws>>;
let deploy: Run;
let dev: Run;
let remove: Run;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tether-aws-'));
  server = createServer((request, response) => {
    signedBy.push(request.headers.authorization ?? '');
    request.resume();
    response.writeHead(403, { 'content-type': 'text/xml' });
    response.end(REFUSAL);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const common = ['--stage', 'awstest', '--region', 'eu-west-1'];
  [deploy, dev, remove] = await Promise.all([
    runAgainstFakeAws(['deploy', ...common]),
    runAgainstFakeAws(['dev', ...common]),
    runAgainstFakeAws(['remove', ...common]),
  ]);
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await rm(root, { recursive: true, force: true });
});

describe('the AWS target, up to the AWS calls', () => {
  it('signs its calls with the user key, in the chosen region', () => {
    expect(signedBy.length).toBeGreaterThan(0);
    for (const authorization of signedBy) {
      expect(authorization).toContain(`Credential=${ACCESS_KEY}/`);
      expect(authorization).toContain('/eu-west-1/');
    }
  });

  it('deploy synthesizes with live mode off, then fails with exit code 5', () => {
    expect(deploy.output).toContain('✓ Synthesizing tiny-app');
    expect(deploy.output).not.toContain('live mode');
    expect(deploy.output).toContain('error deploying to AWS failed');
    expect(deploy.code).toBe(EXIT_CODES.DEPLOY);
  });

  it('dev synthesizes in live mode, then fails with exit code 5', () => {
    expect(dev.output).toContain('✓ Synthesizing tiny-app in live mode');
    expect(dev.output).toContain('Deploying stage awstest to AWS');
    expect(dev.code).toBe(EXIT_CODES.DEPLOY);
  });

  it("remove finds the stage's debug stack, then fails with exit code 5", () => {
    expect(remove.output).toContain('Removing TetherDebug-tiny-awstest');
    expect(remove.code).toBe(EXIT_CODES.DEPLOY);
  });

  it('leaves out the AWS SDK warning about Node.js versions', () => {
    expect(dev.output).not.toContain('NodeVersionSupport');
  });
});
