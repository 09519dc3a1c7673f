// The round trip of one WebSocket message through a Lambda-integrated
// route and back over @connections, as the relay does it: client → API
// Gateway → Lambda (a real execution environment, warm) → PostToConnection
// → client. Run `npm run build` first; this imports dist/.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { startLocalCloud } from '../dist/index.js';

const MESSAGES = 1000;
const WARM_UP = 50;

const handler = `
const api = require('@aws-sdk/client-apigatewaymanagementapi');
let client;
exports.handler = async (event) => {
  const c = event.requestContext;
  client ??= new api.ApiGatewayManagementApiClient({
    endpoint: 'http://' + c.domainName + '/' + c.stage });
  await client.send(new api.PostToConnectionCommand({
    ConnectionId: c.connectionId, Data: event.body }));
  return { statusCode: 200 };
};`;

function percentile(sorted, p) {
  const index = Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

async function roundTrips(socket, count) {
  const times = [];
  for (let i = 0; i < count; i += 1) {
    const body = JSON.stringify({ action: 'echo', i });
    const started = performance.now();
    const answered = new Promise((resolve) => socket.once('message', resolve));
    socket.send(body);
    await answered;
    times.push(performance.now() - started);
  }
  return times;
}

async function main() {
  const code = await mkdtemp(join(tmpdir(), 'local-cloud-bench-'));
  await mkdir(join(code, 'echo'));
  await writeFile(join(code, 'echo', 'index.js'), handler);
  const cloud = await startLocalCloud();
  try {
    await cloud.lambda.createFunction({
      name: 'echo',
      codeDir: join(code, 'echo'),
      handler: 'index.handler',
    });
    const api = await cloud.apigateway.createWebSocketApi({
      routes: { echo: { integration: 'lambda', functionName: 'echo' } },
    });
    const socket = new WebSocket(api.url);
    await new Promise((resolve) => socket.once('open', resolve));
    await roundTrips(socket, WARM_UP);
    const times = (await roundTrips(socket, MESSAGES)).sort((a, b) => a - b);
    socket.terminate();
    const mean = times.reduce((sum, t) => sum + t, 0) / times.length;
    process.stdout.write(
      `WebSocket → Lambda → @connections round trip, ${MESSAGES} messages ` +
        `(after ${WARM_UP} to warm up):\n` +
        `  p50 ${percentile(times, 0.5).toFixed(2)} ms, ` +
        `p99 ${percentile(times, 0.99).toFixed(2)} ms, ` +
        `mean ${mean.toFixed(2)} ms, max ${times.at(-1).toFixed(2)} ms\n`,
    );
  } finally {
    await cloud.stop();
    await rm(code, { recursive: true, force: true });
  }
}

await main();
