import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { DockerImage } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { learnSource } from '../../src/internal/function-source.js';
import { FIXTURE } from '../fixtures/app/build-app.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('learnSource', () => {
  it('takes a declared entry and the export name of the handler', () => {
    const relative = path.relative(process.cwd(), FIXTURE.entry);

    const lookup = learnSource({ entry: relative, handler: 'index.main' });

    expect(lookup).toEqual({
      found: true,
      source: { kind: 'entry', entry: FIXTURE.entry, handler: 'main' },
    });
  });

  it('takes an asset directory and the handler as written', () => {
    const code = Code.fromAsset(FIXTURE.plain);

    const lookup = learnSource({ code, handler: 'index.handler' });

    expect(lookup).toEqual({
      found: true,
      source: {
        kind: 'asset',
        directory: FIXTURE.plain,
        handler: 'index.handler',
      },
    });
  });

  it('refuses inline code', () => {
    const code = Code.fromInline('exports.handler = async () => 1;');

    const lookup = learnSource({ code, handler: 'index.handler' });

    expect(lookup).toEqual({
      found: false,
      reason: 'its code is not a local asset',
    });
  });

  it('refuses an asset that is a file', () => {
    const code = Code.fromAsset(path.join(FIXTURE.plain, 'index.js'));

    const lookup = learnSource({ code, handler: 'index.handler' });

    expect(lookup).toMatchObject({ found: false, reason: /not a directory/ });
  });

  it('refuses an asset with its own bundling', () => {
    const code = Code.fromAsset(FIXTURE.plain, {
      bundling: { image: DockerImage.fromRegistry('node'), command: ['true'] },
    });

    const lookup = learnSource({ code, handler: 'index.handler' });

    expect(lookup).toMatchObject({ found: false, reason: /bundling/ });
  });

  it('refuses a source inside node_modules', () => {
    const library = path.resolve('node_modules', 'lib', 'handler.ts');

    const lookup = learnSource({ entry: library, handler: 'handler' });

    expect(lookup).toMatchObject({ found: false, reason: /node_modules/ });
  });

  it('takes a workspace package that node_modules links to', () => {
    const linked = path.join(tempDir(), 'node_modules', 'api');
    mkdirSync(path.dirname(linked));
    symlinkSync(FIXTURE.plain, linked, 'dir');

    const lookup = learnSource({
      code: Code.fromAsset(linked),
      handler: 'index.handler',
    });

    expect(lookup).toEqual({
      found: true,
      source: { kind: 'asset', directory: linked, handler: 'index.handler' },
    });
  });
});
