import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/errors.js';
import { descendantsOf, isRunning, spawnCli } from '../e2e/dev-process.js';

// The real binary, for the failures that need no synthesis.
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tether-exit-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(args: string[]) {
  const cli = await spawnCli(args, root, path.join(root, 'tmp'));
  const { code } = await cli.exited;
  return { code, output: cli.output() };
}

describe('tether exit codes', () => {
  it('exits with 0 and prints help', async () => {
    const { code, output } = await run(['dev', '--help']);

    expect(code).toBe(EXIT_CODES.OK);
    expect(output).toContain('Usage: tether dev');
  });

  it('exits with 2 on an unknown option', async () => {
    const { code } = await run(['dev', '--bogus']);

    expect(code).toBe(EXIT_CODES.USAGE);
  });

  it('exits with 2 for deploy --local, with the next step', async () => {
    const { code, output } = await run(['deploy', '--local']);

    expect(code).toBe(EXIT_CODES.USAGE);
    expect(output).toContain('next: ');
  });

  it('exits with 2 for an invalid stage', async () => {
    const { code } = await run(['dev', '--local', '--stage', 'Bad Stage']);

    expect(code).toBe(EXIT_CODES.USAGE);
  });

  it('exits with 3 without a cdk.json', async () => {
    const { code, output } = await run(['dev', '--local']);

    expect(code).toBe(EXIT_CODES.CONFIG);
    expect(output).toContain(`no cdk.json in ${root}`);
  });

  it('exits with 4 when the app has no Tether.enable', async () => {
    const app = path.resolve(import.meta.dirname, '../fixtures/no-tether-app');

    const { code, output } = await run(['dev', '--local', '--app', app]);

    expect(code).toBe(EXIT_CODES.SYNTH);
    expect(output).toContain('Tether.enable(app');
  });

  it('exits with 4 when the app command fails, showing its error', async () => {
    const failing = 'node -e "console.error(\'boom\'); process.exit(3)"';
    // A previous run's outputs file: it must not pass for this run's.
    const outputs = path.join(root, 'stale-outputs.json');
    await writeFile(outputs, '{"stacks":{}}');

    const { code, output } = await run([
      'dev',
      '--local',
      '--app',
      failing,
      '--outputs-file',
      outputs,
    ]);

    expect(code).toBe(EXIT_CODES.SYNTH);
    expect(output).toContain('caused by: boom');
    expect(existsSync(outputs)).toBe(false);
  });

  it('exits with 130 on SIGTERM during synthesis, stopping the app', async () => {
    const app = path.resolve(import.meta.dirname, '../fixtures/tiny-app');
    const tmp = path.join(root, 'tmp-interrupted');
    const cli = await spawnCli(['dev', '--local', '--app', app], root, tmp);
    // Wait for the app itself: shell, launcher, shell, node.
    let children: number[] = [];
    while (children.length < 4 && cli.child.exitCode === null) {
      await sleep(100);
      children = await descendantsOf(cli.child.pid as number);
    }

    cli.child.kill('SIGTERM');
    const { code } = await cli.exited;

    expect(code).toBe(EXIT_CODES.INTERRUPTED);
    for (const child of children) expect(await isRunning(child)).toBe(false);
    expect(await readdir(tmp)).toEqual([]);
  });

  it('exits with 3 when invoke finds no running tether dev', async () => {
    const app = path.resolve(import.meta.dirname, '../fixtures/tiny-app');

    const { code, output } = await run(['invoke', 'Echo', '--app', app]);

    expect(code).toBe(EXIT_CODES.CONFIG);
    expect(output).toContain('no tether dev is running');
  });

  it('exits with 6 when tether dev already runs the stage there', async () => {
    const app = path.join(root, 'busy-app');
    await mkdir(path.join(app, '.tether'), { recursive: true });
    await writeFile(path.join(app, 'cdk.json'), '{"app":"node app.js"}');
    await writeFile(
      path.join(app, '.tether', 'alice.json'),
      JSON.stringify({ version: 1, pid: process.pid, stage: 'alice' }),
    );

    const { code, output } = await run([
      'dev',
      '--local',
      '--stage',
      'alice',
      '--app',
      app,
    ]);

    expect(code).toBe(EXIT_CODES.RUNNER);
    expect(output).toContain(`tether dev already runs stage alice in ${app}`);
  });
});
