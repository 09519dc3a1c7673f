import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BuildEvent,
  type Runner,
  type RunnerEvent,
  startRunner,
} from '../../dist/index.js';
import { FakeRelay } from '../helpers/fake-relay.js';
import { manifestOf, Project, TEST_CREDENTIALS } from '../helpers/project.js';

const version = (value: string) => `
  import { label } from './label';
  export const handler = async () => label(${JSON.stringify(value)});
`;

const STEADY = 'export const handler = async () => process.pid;\n';

// SIGKILLs this process's esbuild service (Linux `ps`), as an OOM killer
// or a stray `pkill esbuild` would; returns how many were killed.
function killEsbuildService(): number {
  const listing = execFileSync(
    'ps',
    ['-o', 'pid=,args=', '--ppid', `${process.pid}`],
    {
      encoding: 'utf8',
    },
  );
  const pids = listing
    .split('\n')
    .filter((line) => line.includes('--service='))
    .map((line) => Number.parseInt(line.trim(), 10));
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  return pids.length;
}

describe('builds of entry functions', () => {
  let project: Project;
  let relay: FakeRelay;
  let runner: Runner;
  const events: RunnerEvent[] = [];
  const builds = () =>
    events.filter((e): e is BuildEvent => e.type === 'build');
  const nextBuild = (after: number) =>
    new Promise<BuildEvent>((resolve) => {
      const timer = setInterval(() => {
        const build = builds()[after];
        if (!build) return;
        clearInterval(timer);
        resolve(build);
      }, 2);
    });
  const currentValue = async () => {
    const answer = await relay.invoke('reload', {});
    return answer.action === 'result' ? answer.value : answer.error;
  };

  beforeAll(async () => {
    project = await Project.create();
    await project.write('label.ts', 'export const label = (v: string) => v;');
    await project.write('reload.ts', version('one'));
    await project.write('steady.ts', STEADY);
    relay = await FakeRelay.start();
    runner = await startRunner({
      url: relay.url,
      manifest: manifestOf([
        project.entry('reload', 'reload.ts'),
        project.entry('steady', 'steady.ts'),
      ]),
      credentials: TEST_CREDENTIALS,
      onEvent: (event) => events.push(event),
    });
  });

  afterAll(async () => {
    await runner?.stop();
    await relay?.close();
    await project?.remove();
  });

  it('builds each entry at start', () => {
    expect(
      builds()
        .map((build) => build.function)
        .sort(),
    ).toEqual(['reload', 'steady']);
    expect(builds().every((build) => build.error === undefined)).toBe(true);
  });

  it('keeps the environments warm after a save that changes nothing', async () => {
    const first = await relay.invoke('steady', {});
    const count = builds().length;

    await project.replace('steady.ts', STEADY);
    const second = await relay.invoke('steady', {});

    expect(first.action === 'result' && first.value).toBeTypeOf('number');
    expect(second.action === 'result' && second.value).toBe(
      first.action === 'result' && first.value,
    );
    expect(builds().length).toBe(count);
  });

  it('runs the new code on the invocation right after a save', async () => {
    expect(await currentValue()).toBe('one');

    await project.write('reload.ts', version('two'));
    const value = await currentValue();

    expect(value).toBe('two');
  });

  it('rebuilds when an imported file is saved', async () => {
    const before = builds().length;

    await project.write(
      'label.ts',
      "export const label = (v: string) => '<' + v + '>';",
    );
    await nextBuild(before);

    expect(await currentValue()).toBe('<two>');
  });

  it('reports a build error as the invocation’s error and recovers after a fix', async () => {
    await project.write('reload.ts', 'export const handler = async () => {');
    const broken = await relay.invoke('reload', {});
    const failed = builds().findLast((b) => b.error);

    await project.write('reload.ts', version('three'));
    const fixed = await currentValue();

    expect(broken).toMatchObject({
      action: 'error',
      error: { errorType: 'Tether.BuildError' },
    });
    expect(broken.action === 'error' && broken.error.errorMessage).toMatch(
      /reload\.ts:\d+:\d+: ERROR/,
    );
    expect(failed?.error).toMatch(/Expected "}"|Unexpected end of file/);
    expect(fixed).toBe('<three>');
  });

  it('recovers when a missing import is created without another save', async () => {
    await project.write(
      'reload.ts',
      "import { late } from './later/late';\nexport const handler = async () => late;",
    );
    const broken = await relay.invoke('reload', {});

    await mkdir(path.join(project.root, 'later'));
    await project.write('later/late.ts', "export const late = 'created';");
    const fixed = await currentValue();

    expect(broken).toMatchObject({
      action: 'error',
      error: { errorType: 'Tether.BuildError' },
    });
    expect(fixed).toBe('created');
  });

  it('builds again after the esbuild service is killed from outside', async () => {
    const killed = killEsbuildService();

    await project.write('reload.ts', version('revived'));
    const value = await currentValue();

    expect(killed).toBeGreaterThan(0);
    expect(value).toMatch(/revived/);
  });

  it('reports the fix of a save undone to the code already served', async () => {
    await project.write('reload.ts', version('undo'));
    const served = await currentValue();
    await project.write('reload.ts', 'export const handler = async () => {');
    expect(await currentValue()).toMatchObject({
      errorType: 'Tether.BuildError',
    });
    const before = builds().length;

    await project.write('reload.ts', version('undo'));
    const value = await currentValue();
    const build = await nextBuild(before);

    expect(value).toBe(served);
    expect(build.error).toBeUndefined();
  });
});
