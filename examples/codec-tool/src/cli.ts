#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isCodecError } from '@tether/codec';
import {
  describeFrame,
  type Readable,
  readFrame,
  writeFrame,
} from './frames.js';

const USAGE = `Usage:
  tether-codec decode [FILE]   read a frame (FILE or stdin), print the message
                               with its payload decoded into "value"
  tether-codec encode [FILE]   read a message with "value" in place of its
                               payload (FILE or stdin), print the frame
Options:
  --size    also print the frame's size on stderr
  --help    show this help`;

async function readInput(file: string | undefined): Promise<string> {
  if (file !== undefined) return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { size: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  const [command, file] = positionals;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const input = (await readInput(file)).trim();
  let frame: string;
  if (command === 'decode') {
    frame = input;
    process.stdout.write(`${JSON.stringify(readFrame(input), null, 2)}\n`);
  } else if (command === 'encode') {
    frame = writeFrame(JSON.parse(input) as Readable);
    process.stdout.write(`${frame}\n`);
  } else {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (values.size) {
    const { bytes, fitsOneFrame } = describeFrame(frame);
    process.stderr.write(
      `${bytes} bytes (${fitsOneFrame ? 'fits' : 'over'} one 32 KB frame)\n`,
    );
  }
  return 0;
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  // Codec errors carry a stable code worth showing; anything else is a
  // usage problem (unreadable file, input that is not JSON).
  const code = isCodecError(error) ? error.code : 'INPUT';
  process.stderr.write(`error ${code}: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
