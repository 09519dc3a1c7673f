import { describe, expect, it } from 'vitest';
import { parseManifest } from '../src/manifest.js';

const valid = () => ({
  version: 1,
  app: 'my-app',
  stage: 'alice',
  functions: [
    {
      id: 'Api/Hello',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      memorySize: 128,
      timeout: 3,
      source: { kind: 'entry', entry: '/src/hello.ts', handler: 'handler' },
    },
  ],
});

describe('parseManifest', () => {
  it('accepts a manifest of contract section 2', () => {
    const manifest = valid();

    expect(parseManifest(manifest)).toBe(manifest);
  });

  it.each([
    ['not an object', null],
    ['another version', { ...valid(), version: 2 }],
    ['no app', { ...valid(), app: '' }],
    ['no functions', { ...valid(), functions: undefined }],
    [
      'a function without an id',
      { ...valid(), functions: [{ ...valid().functions[0], id: undefined }] },
    ],
    [
      'a zero timeout',
      { ...valid(), functions: [{ ...valid().functions[0], timeout: 0 }] },
    ],
    [
      'an unknown source kind',
      {
        ...valid(),
        functions: [
          { ...valid().functions[0], source: { kind: 'zip', handler: 'h' } },
        ],
      },
    ],
    [
      'duplicate ids',
      { ...valid(), functions: [valid().functions[0], valid().functions[0]] },
    ],
  ])('refuses %s with INVALID_MANIFEST', (_name, manifest) => {
    expect(() => parseManifest(manifest)).toThrow(
      expect.objectContaining({ code: 'INVALID_MANIFEST' }),
    );
  });
});
