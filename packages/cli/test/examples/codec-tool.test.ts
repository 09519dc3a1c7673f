import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/dev-process.js';

// examples/codec-tool is built by `npm run build` (lerna), as `npm test`
// does first.
const TOOL = path.join(REPO_ROOT, 'examples/codec-tool/dist/cli.js');

function runTool(args: string[], input: string) {
  return new Promise<{ code: number | null; out: string; err: string }>(
    (resolve) => {
      const child = spawn(process.execPath, [TOOL, ...args]);
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString();
      });
      child.on('close', (code) => resolve({ code, out, err }));
      child.stdin.end(input);
    },
  );
}

const readable = {
  action: 'result',
  v: 1,
  id: '6f1c1e9e-6c1a-4c36-9d6c-1f0f6c1e9e6c',
  stub: 'abc=',
  value: { hello: 'world', list: [1, 2, 3] },
};

describe('examples/codec-tool', () => {
  it('encodes a message into a frame and decodes it back', async () => {
    const encoded = await runTool(['encode'], JSON.stringify(readable));

    const decoded = await runTool(['decode'], encoded.out);

    expect(encoded.code).toBe(0);
    expect(JSON.parse(encoded.out).payload.inline).toEqual(expect.any(String));
    expect(JSON.parse(decoded.out)).toEqual(readable);
  });

  it('reports the codec error code of a frame of another version', async () => {
    const { code, err } = await runTool(['decode'], '{"action":"ping","v":2}');

    expect(code).toBe(1);
    expect(err).toContain('UNSUPPORTED_VERSION');
  });

  it('prints usage and exits with 2 without a command', async () => {
    const { code, err } = await runTool([], '');

    expect(code).toBe(2);
    expect(err).toContain('Usage:');
  });
});
