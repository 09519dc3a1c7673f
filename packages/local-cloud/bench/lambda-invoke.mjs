// The overhead of one Invoke call over calling the handler directly: the
// same handler called in-process, through the Lambda service's invoke(),
// and through the Invoke endpoint with @aws-sdk/client-lambda, warm, p50
// and p99. Run `npm run build` first; this imports dist/.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createLambdaService } from '../dist/index.js';

const CALLS = 2000;
const WARM_UP = 100;
const EVENT = { path: '/orders/42', body: JSON.stringify({ qty: 1 }) };

const handler = `
exports.handler = async (event) => ({ statusCode: 200, body: event.body });`;

function percentile(sorted, p) {
  const index = Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

async function measure(name, call) {
  for (let i = 0; i < WARM_UP; i += 1) await call();
  const times = [];
  for (let i = 0; i < CALLS; i += 1) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  const { p50, p99 } = summary(times);
  console.log(`${name}: p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms`);
  return { p50, p99 };
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'tether-invoke-bench-'));
  await writeFile(join(dir, 'index.js'), handler);
  const lambda = await createLambdaService();
  const client = new LambdaClient({
    endpoint: lambda.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    requestHandler: { httpAgent: new Agent({ keepAlive: true }) },
  });
  try {
    await lambda.createFunction({
      name: 'bench',
      codeDir: dir,
      handler: 'index.handler',
    });
    const direct = createRequire(join(dir, 'index.js'))(join(dir, 'index.js'));
    const payload = Buffer.from(JSON.stringify(EVENT));
    const base = await measure('handler called directly', () =>
      direct.handler(EVENT, {}),
    );
    const service = await measure('LambdaService.invoke()', () =>
      lambda.invoke('bench', EVENT),
    );
    const http = await measure('Invoke with @aws-sdk/client-lambda', () =>
      client.send(
        new InvokeCommand({ FunctionName: 'bench', Payload: payload }),
      ),
    );
    const over = (m) =>
      `p50 ${(m.p50 - base.p50).toFixed(3)} ms, p99 ${(m.p99 - base.p99).toFixed(3)} ms`;
    console.log(`overhead of invoke(): ${over(service)}`);
    console.log(`overhead of one Invoke call: ${over(http)}`);
  } finally {
    client.destroy();
    await lambda.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
