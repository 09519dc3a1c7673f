import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvent } from '../../src/internal/read-event.js';
import { codeOf, useTempFolder } from './temp-folder.js';

const folder = useTempFolder('tether-cli-event-');

describe('readEvent', () => {
  it('reads the JSON value of a file relative to the folder', async () => {
    await writeFile(path.join(folder(), 'plain.json'), '{"ms":5}');

    const event = await readEvent('plain.json', folder());

    expect(event).toEqual({ ms: 5 });
  });

  it('ignores a leading byte order mark', async () => {
    await writeFile(path.join(folder(), 'bom.json'), '\uFEFF{"a":[1]}\r\n');

    const event = await readEvent('bom.json', folder());

    expect(event).toEqual({ a: [1] });
  });

  it('gives an empty object without a file', async () => {
    const event = await readEvent(undefined, folder());

    expect(event).toEqual({});
  });

  it('fails with EVENT_UNREADABLE on a file that is not JSON', async () => {
    await writeFile(path.join(folder(), 'bad.json'), '{"a":');

    const code = await codeOf(readEvent('bad.json', folder()));

    expect(code).toBe('EVENT_UNREADABLE');
  });

  it('fails with EVENT_UNREADABLE on a missing file', async () => {
    const code = await codeOf(readEvent('missing.json', folder()));

    expect(code).toBe('EVENT_UNREADABLE');
  });
});
