import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Handlers the tests run, written as plain JavaScript the way a build
// would leave them.
const ESM = `
let count = 0;
export const counter = async () => ({ count: ++count, pid: process.pid });
export const echo = async (event, context) => ({
  event,
  context: { ...context },
  remaining: context.getRemainingTimeInMillis(),
  waits: context.callbackWaitsForEmptyEventLoop,
});
export const env = async () => process.env;
export const heap = async () => {
  const v8 = await import('node:v8');
  return v8.getHeapStatistics().heap_size_limit / 1024 / 1024;
};
export const callback = (event, context, done) => {
  setTimeout(() => done(null, { via: 'callback', event }), 10);
};
let fired = false;
export const waitsForTimer = (event, context, done) => {
  if (event.check) return done(null, fired);
  setTimeout(() => { fired = true; }, 200);
  done(null, 'answered');
};
export const noWait = (event, context, done) => {
  context.callbackWaitsForEmptyEventLoop = false;
  setTimeout(() => {}, 60_000);
  done(null, 'early');
};
export const callbackError = (event, context, done) => done(new TypeError('bad input'));
export const returnsNothing = () => {};
export const legacySucceed = (event, context) => { context.succeed({ legacy: true }); };
export const legacyFail = (event, context) => { context.fail(new Error('legacy failure')); };
export const legacyDone = (event, context) => { context.done(null, 'done'); };
export const printsLater = async () => {
  setTimeout(() => console.log('after the answer'), 50);
  return 'answered';
};
export const custom = async () => {
  class InsufficientFunds extends Error {
    constructor(message) { super(message); this.name = 'InsufficientFunds'; }
  }
  throw new InsufficientFunds('balance too low');
};
export const rejects = () => Promise.reject(new RangeError('out of range'));
export const rejectsString = async () => { throw 'plain text'; };
export const exits = async () => { process.exit(3); };
export const exitsZero = async () => { process.exit(0); };
export const crashes = async () => { process.kill(process.pid, 'SIGSEGV'); await new Promise(() => setInterval(() => {}, 1000)); };
export const uncaught = async () => { setTimeout(() => { throw new Error('late boom'); }, 1); return new Promise(() => setInterval(() => {}, 1000)); };
export const unhandled = async () => { Promise.reject(new Error('nobody caught me')); return new Promise(() => setInterval(() => {}, 1000)); };
export const rejectsAfterAnswer = async () => { Promise.reject(new Error('after the answer')); return 'answered'; };
export const hangs = async () => new Promise((resolve) => setTimeout(resolve, 60_000));
export const sleeps = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  return { pid: process.pid };
};
export const meets = async (event) => {
  await (await fetch(event.barrier)).text();
  return { pid: process.pid };
};
export const prints = async (event) => {
  const line = 'x'.repeat(1023) + '\\n';
  for (let i = 0; i < event.kilobytes; i += 1) process.stdout.write(line);
  console.error('done printing');
  return 'printed';
};
export const writesBytes = async () => {
  const globe = Buffer.from('🌍');
  process.stdout.write(globe.subarray(0, 2));
  process.stdout.write(globe.subarray(2));
  process.stdout.write('aGk=', 'base64');
  return 'written';
};
export const tagged = async (event) => {
  console.log('start ' + event.n);
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  console.log('end ' + event.n);
  return event.n;
};
export const large = async (event) => 'y'.repeat(event.bytes);
export const circular = async () => { const a = {}; a.self = a; return a; };
export const nested = { deeper: { handler: async () => 'nested' } };
export const notAFunction = 42;
`;

const CJS = `
let calls = 0;
exports.handler = async (event) => ({ module: 'cjs', calls: ++calls, event });
`;

const FILES: Record<string, string> = {
  'handlers.mjs': ESM,
  'handlers.cjs': CJS,
  'syntax.mjs': 'export const handler = async () => {{;',
  'missing-import.mjs':
    "import 'tether-no-such-package';\nexport const handler = async () => 1;",
  'spawns.mjs': `
import { spawn } from 'node:child_process';
export const handler = async (event) => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  if (event.exit) setTimeout(() => process.exit(0), 10);
  return child.pid;
};`,
  'init-slow.mjs':
    'await new Promise((resolve) => setTimeout(resolve, 10_500));\nexport const handler = async () => 1;',
  'init-hangs.mjs':
    'await new Promise((resolve) => setTimeout(resolve, 60_000));\nexport const handler = async () => 1;',
  'grandchild.mjs': `
import { spawn } from 'node:child_process';
export const handler = async () => {
  spawn(process.execPath, ['-e', 'setTimeout(() => {}, 1500)'], { stdio: 'inherit' });
  process.exit(4);
};`,
  'init-throws.mjs':
    "throw new Error('init failed');\nexport const handler = async () => 1;",
};

/** A temporary folder holding the handlers; `remove` deletes it. */
export function writeHandlers(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'tether-env-'));
  for (const [name, text] of Object.entries(FILES)) {
    writeFileSync(path.join(dir, name), text);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
