// Measures the stub asset: its size, and its cold initialization (the time
// Lambda's Init phase spends loading index.js), each run in a fresh Node.js
// process. Run after `npm run build`: `npm run bench -w @tether/stub`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const RUNS = 30;
const asset = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../dist/asset/index.js',
);

const probe = `
const started = process.hrtime.bigint();
const { handler } = require(${JSON.stringify(asset)});
if (typeof handler !== 'function') throw new Error('no handler');
process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));
`;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const bytes = readFileSync(asset);
const times = [];
for (let run = 0; run < RUNS; run++) {
  const out = execFileSync(process.execPath, ['-e', probe], {
    encoding: 'utf8',
  });
  times.push(Number(out));
}
times.sort((a, b) => a - b);
const report = {
  asset,
  bytes: bytes.byteLength,
  gzipBytes: gzipSync(bytes).byteLength,
  coldInitMs: {
    runs: RUNS,
    median: Number(percentile(times, 0.5).toFixed(2)),
    p90: Number(percentile(times, 0.9).toFixed(2)),
    max: Number(times.at(-1).toFixed(2)),
  },
  node: process.version,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
