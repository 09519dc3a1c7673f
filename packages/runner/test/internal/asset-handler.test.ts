import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAssetHandler } from '../../src/internal/asset-handler.js';

describe('resolveAssetHandler', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'tether-asset-'));
    await writeFile(path.join(directory, 'index.mjs'), 'export {};');
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('finds the module file and the export of a handler string', () => {
    const resolved = resolveAssetHandler(directory, 'index.api.get');

    expect(resolved).toEqual({
      file: path.join(directory, 'index.mjs'),
      exportName: 'api.get',
    });
  });

  it('refuses a handler whose file is missing with INVALID_MANIFEST', () => {
    expect(() => resolveAssetHandler(directory, 'main.handler')).toThrow(
      expect.objectContaining({ code: 'INVALID_MANIFEST' }),
    );
  });
});
