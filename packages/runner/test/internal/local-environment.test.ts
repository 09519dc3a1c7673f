import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Runner, startRunner } from '../../dist/index.js';
import { FakeRelay } from '../helpers/fake-relay.js';
import { manifestOf, Project, TEST_CREDENTIALS } from '../helpers/project.js';

// What a handler sees of its process: the whole environment, the folder it
// runs in, and whether it can start a tool found through PATH.
const REPORT = `
  import { execFileSync } from 'node:child_process';
  import { existsSync } from 'node:fs';
  export const handler = async (event: { spawn?: boolean }) => ({
    env: { ...process.env },
    taskRootExists: existsSync(process.env.LAMBDA_TASK_ROOT ?? '/none'),
    cwd: process.cwd(),
    pid: process.pid,
    tool: event.spawn
      ? execFileSync('node', ['-p', '6 * 7'], { encoding: 'utf8' }).trim()
      : null,
  });
`;

const ASSET_REPORT = `
  exports.handler = async () => ({
    env: { ...process.env },
    cwd: process.cwd(),
  });
`;

// As Lambda's Node.js 22 runtime sets them, beside the function's own.
const LAMBDA_ENV = {
  PATH: '/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin',
  LD_LIBRARY_PATH: '/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/opt/lib',
  NODE_PATH: '/opt/nodejs/node22/node_modules:/var/runtime/node_modules',
  LAMBDA_TASK_ROOT: '/var/task',
  LAMBDA_RUNTIME_DIR: '/var/runtime',
  AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000',
  _HANDLER: 'index.handler',
  AWS_REGION: 'eu-west-1',
  AWS_DEFAULT_REGION: 'eu-west-1',
  AWS_LAMBDA_FUNCTION_NAME: 'orders-fn',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/orders-fn',
  AWS_LAMBDA_LOG_STREAM_NAME: '2026/12/03/[$LATEST]abc',
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'role-secret',
  AWS_SESSION_TOKEN: 'role-token',
  TZ: ':UTC',
  LANG: 'en_US.UTF-8',
  TABLE_NAME: 'orders',
  DATABASE_URL: 'postgres://prod.example.com/orders',
};

const LAMBDA_ONLY = [
  'NODE_PATH',
  'LAMBDA_RUNTIME_DIR',
  'AWS_LAMBDA_RUNTIME_API',
  'AWS_EXECUTION_ENV',
  'AWS_XRAY_DAEMON_ADDRESS',
];

const KEPT = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'TZ',
  'LANG',
  'TABLE_NAME',
] as const;

const TRACE = (n: number) =>
  `Root=1-6750a1b2-00000000000000000000000${n};Parent=53995c3f42cd8ad${n};Sampled=0`;

type Report = {
  env: Record<string, string>;
  taskRootExists?: boolean;
  cwd: string;
  pid?: number;
  tool?: string | null;
};

describe('the environment a local handler sees', () => {
  let project: Project;
  let relay: FakeRelay;
  let runner: Runner;
  let assetDirectory: string;

  const report = async (
    functionId: string,
    env: Record<string, string>,
    event: unknown = {},
  ): Promise<Report> => {
    const answer = await relay.invoke(functionId, event, { env });
    if (answer.action !== 'result') throw new Error(JSON.stringify(answer));
    return answer.value as Report;
  };

  beforeAll(async () => {
    project = await Project.create();
    await project.write('report.ts', REPORT);
    assetDirectory = path.join(project.root, 'asset');
    await mkdir(path.join(assetDirectory, 'app'), { recursive: true });
    await writeFile(path.join(assetDirectory, 'app/report.js'), ASSET_REPORT);
    relay = await FakeRelay.start();
    const functions = [
      project.entry('report', 'report.ts'),
      project.entry('plain', 'report.ts'),
      project.entry('asset', 'unused.ts', {
        source: {
          kind: 'asset',
          directory: assetDirectory,
          handler: 'app/report.handler',
        },
      }),
    ];
    runner = await startRunner({
      url: relay.url,
      manifest: manifestOf(functions),
      credentials: TEST_CREDENTIALS,
      environment: {
        '*': { LOG_LEVEL: 'debug', DATABASE_URL: 'postgres://everyone' },
        report: {
          DATABASE_URL: 'postgres://127.0.0.1:5432/orders',
          LAMBDA_TASK_ROOT: '/chosen/by/the/user',
        },
      },
    });
  });

  afterAll(async () => {
    await runner?.stop();
    await relay?.close();
    await project?.remove();
  });

  it('runs with the runner’s PATH, so a handler can start a local tool', async () => {
    const seen = await report('plain', LAMBDA_ENV, { spawn: true });

    expect(seen.env.PATH).toBe(process.env.PATH);
    expect(seen.tool).toBe('42');
  });

  it('points LAMBDA_TASK_ROOT and _HANDLER at the built code it runs', async () => {
    const seen = await report('plain', LAMBDA_ENV);

    const taskRoot = seen.env.LAMBDA_TASK_ROOT ?? '';
    expect(taskRoot).not.toBe('/var/task');
    expect(seen.taskRootExists).toBe(true);
    expect(seen.cwd).toBe(taskRoot);
    expect(seen.env._HANDLER).toBe('index.handler');
    expect(existsSync(path.join(taskRoot, 'index.js'))).toBe(true);
  });

  it('gives an asset function its directory as LAMBDA_TASK_ROOT', async () => {
    const seen = await report('asset', LAMBDA_ENV);

    expect(seen.env.LAMBDA_TASK_ROOT).toBe(assetDirectory);
    expect(seen.env._HANDLER).toBe('app/report.handler');
    expect(seen.cwd).toBe(assetDirectory);
  });

  it('leaves out the variables that only mean something on Lambda', async () => {
    const seen = await report('plain', LAMBDA_ENV);

    for (const name of LAMBDA_ONLY) expect(seen.env[name]).toBeUndefined();
    expect(seen.env.LD_LIBRARY_PATH).toBe(process.env.LD_LIBRARY_PATH);
  });

  it('keeps the function’s identity, credentials and own variables', async () => {
    const seen = await report('plain', LAMBDA_ENV);

    for (const name of KEPT) expect(seen.env[name]).toBe(LAMBDA_ENV[name]);
  });

  it('lets the environment option win, a function’s own entry over *', async () => {
    const forFunction = await report('report', LAMBDA_ENV);
    const forEveryone = await report('plain', LAMBDA_ENV);

    expect(forFunction.env.DATABASE_URL).toBe(
      'postgres://127.0.0.1:5432/orders',
    );
    expect(forFunction.env.LAMBDA_TASK_ROOT).toBe('/chosen/by/the/user');
    expect(forFunction.env.LOG_LEVEL).toBe('debug');
    expect(forEveryone.env.DATABASE_URL).toBe('postgres://everyone');
  });

  it('sets _X_AMZN_TRACE_ID per invocation in the same warm environment', async () => {
    const first = await report('plain', {
      ...LAMBDA_ENV,
      _X_AMZN_TRACE_ID: TRACE(1),
    });
    const second = await report('plain', {
      ...LAMBDA_ENV,
      _X_AMZN_TRACE_ID: TRACE(2),
    });
    const third = await report('plain', LAMBDA_ENV);

    expect(first.env._X_AMZN_TRACE_ID).toBe(TRACE(1));
    expect(second.env._X_AMZN_TRACE_ID).toBe(TRACE(2));
    expect(third.env._X_AMZN_TRACE_ID).toBeUndefined();
    expect(new Set([first.pid, second.pid, third.pid]).size).toBe(1);
  });

  it('sets each stub environment’s log stream and credentials per invocation in the same warm environment', async () => {
    const first = await report('plain', { ...LAMBDA_ENV, ...STUB(1) });
    const second = await report('plain', { ...LAMBDA_ENV, ...STUB(2) });
    const { AWS_SESSION_TOKEN: _, ...withoutToken } = {
      ...LAMBDA_ENV,
      ...STUB(3),
    };
    const third = await report('plain', withoutToken);

    expect(pick(first.env, STUB(1))).toEqual(STUB(1));
    expect(pick(second.env, STUB(2))).toEqual(STUB(2));
    expect(pick(third.env, STUB(3))).toEqual({
      ...STUB(3),
      AWS_SESSION_TOKEN: undefined,
    });
    expect(new Set([first.pid, second.pid, third.pid]).size).toBe(1);
  });

  it('restarts the environments when a user variable changes', async () => {
    const before = await report('plain', LAMBDA_ENV);

    const after = await report('plain', {
      ...LAMBDA_ENV,
      TABLE_NAME: 'orders-v2',
    });

    expect(after.env.TABLE_NAME).toBe('orders-v2');
    expect(after.pid).not.toBe(before.pid);
  });
});

// What differs between two stub execution environments of one function.
const STUB = (n: number) => ({
  AWS_LAMBDA_LOG_STREAM_NAME: `2026/12/03/[$LATEST]stub${n}`,
  AWS_ACCESS_KEY_ID: `ASIASTUB${n}`,
  AWS_SECRET_ACCESS_KEY: `secret-${n}`,
  AWS_SESSION_TOKEN: `token-${n}`,
});

const pick = (env: Record<string, string>, names: object) =>
  Object.fromEntries(Object.keys(names).map((name) => [name, env[name]]));
