import { describe, expect, it } from 'vitest';
import { DEFAULTS, resolveOptions, sanitizeStage } from '../src/options.js';

const cwd = '/work/app';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('sanitizeStage', () => {
  it('lowers case and replaces other characters with dashes', () => {
    expect(sanitizeStage('Jean.Dupont')).toBe('jean-dupont');
  });

  it('starts with a letter', () => {
    expect(sanitizeStage('42bob')).toBe('u42bob');
  });

  it('keeps at most 24 characters without a trailing dash', () => {
    const stage = sanitizeStage('a-very-long-user-name-indeed-yes');

    expect(stage.length).toBeLessThanOrEqual(24);
    expect(stage.endsWith('-')).toBe(false);
  });

  it('falls back to dev when nothing is left', () => {
    expect(sanitizeStage('...')).toBe('dev');
    expect(sanitizeStage('')).toBe('dev');
  });
});

describe('resolveOptions', () => {
  it('fills every option from the defaults', () => {
    const options = resolveOptions({}, {}, cwd);

    expect(options.region).toBe(DEFAULTS.region);
    expect(options.port).toBe(0);
    expect(options.local).toBe(false);
    expect(options.inspect).toBe(false);
    expect(options.stage).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  it('prefers the argument over the environment', () => {
    const env = { TETHER_STAGE: 'from-env', AWS_REGION: 'eu-west-1' };

    const options = resolveOptions(
      { stage: 'from-arg', region: 'eu-central-1' },
      env,
      cwd,
    );

    expect(options.stage).toBe('from-arg');
    expect(options.region).toBe('eu-central-1');
  });

  it('reads the environment when no argument is given', () => {
    const env = {
      TETHER_STAGE: 'ci',
      AWS_DEFAULT_REGION: 'ap-south-1',
      AWS_PROFILE: 'work',
      TETHER_PORT: '4500',
      TETHER_PERSIST_DIR: 'data',
    };

    const options = resolveOptions({}, env, cwd);

    expect(options).toMatchObject({
      stage: 'ci',
      region: 'ap-south-1',
      profile: 'work',
      port: 4500,
      persistDir: '/work/app/data',
    });
  });

  it('resolves file options against the working directory', () => {
    const options = resolveOptions({ outputsFile: 'out.json' }, {}, cwd);

    expect(options.outputsFile).toBe('/work/app/out.json');
  });

  it('parses --inspect with a port or host:port', () => {
    expect(resolveOptions({ inspect: '9230' }, {}, cwd).inspect).toEqual({
      port: 9230,
    });
    expect(
      resolveOptions({ inspect: '0.0.0.0:9231' }, {}, cwd).inspect,
    ).toEqual({ host: '0.0.0.0', port: 9231 });
    expect(resolveOptions({ inspect: true }, {}, cwd).inspect).toBe(true);
  });

  it('refuses an invalid stage', () => {
    expect(codeOf(() => resolveOptions({ stage: 'Not OK' }, {}, cwd))).toBe(
      'USAGE',
    );
  });

  it('refuses an invalid port', () => {
    expect(codeOf(() => resolveOptions({ port: '70000' }, {}, cwd))).toBe(
      'USAGE',
    );
    expect(codeOf(() => resolveOptions({ port: 'abc' }, {}, cwd))).toBe(
      'USAGE',
    );
  });

  it('refuses an invalid inspect address', () => {
    expect(codeOf(() => resolveOptions({ inspect: 'host:' }, {}, cwd))).toBe(
      'USAGE',
    );
  });
});
