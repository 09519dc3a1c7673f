import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { S3Client } from '@aws-sdk/client-s3';
import { readPayload, writePayload } from '@tether/codec';
import { S3PayloadStore } from '@tether/codec/s3';
import S3rver from 's3rver';

/** Median of `runs` timings of `action`, in milliseconds. */
async function median(runs: number, action: () => Promise<unknown>) {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await action();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] as number;
}

/**
 * Inline versus spilled round trips of the same values on loopback
 * (s3rver): the codec's own cost of a spill, without any network latency.
 */
export async function measureSpill(
  values: [string, unknown][],
): Promise<string[]> {
  const directory = await mkdtemp(path.join(tmpdir(), 'codec-bench-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: 'bench' }],
  });
  const { port } = await server.run();
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const store = new S3PayloadStore({ client, bucket: 'bench' });
  const rows: string[] = [];
  try {
    for (const [label, value] of values) {
      const big = { budget: Number.MAX_SAFE_INTEGER };
      const inline = await median(9, async () =>
        readPayload(await writePayload(value, big)),
      );
      const spilled = await median(9, async () =>
        readPayload(await writePayload(value, { store, budget: 0 })),
      );
      rows.push(
        `| ${label} | ${inline.toFixed(1)} | ${spilled.toFixed(1)} | ${(spilled - inline).toFixed(1)} |`,
      );
    }
  } finally {
    client.destroy();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
  return rows;
}
