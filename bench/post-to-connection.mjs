#!/usr/bin/env node
// What one @connections POST costs the relay: the AWS SDK's
// PostToConnectionCommand against the same request signed with
// @smithy/signature-v4 and sent with node:http, both to a local-cloud
// WebSocket API in this process (so the CPU figure holds both the client's
// and the emulated API's share). `node bench/post-to-connection.mjs`.
import http from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { SignatureV4 } from '@smithy/signature-v4';
import { startLocalCloud } from '@tether/local-cloud';
import WebSocket from 'ws';

const CALLS = 500;
// Not a secret: it opens this run's loopback services only.
const credentials = () => ({ accessKeyId: 'BENCH', secretAccessKey: 'bench' });

async function measure(name, send) {
  for (let i = 0; i < 50; i++) await send();
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) await send();
  const wall = (performance.now() - start) / CALLS;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / CALLS;
  console.log(
    `${name}: ${wall.toFixed(3)} ms a call, ${cpuMs.toFixed(3)} ms CPU`,
  );
}

function signedPoster(url, data) {
  const signer = new SignatureV4({
    credentials: credentials(),
    region: 'us-east-1',
    service: 'execute-api',
    sha256: Sha256,
  });
  const agent = new http.Agent({ keepAlive: true });
  const send = async () => {
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host, 'content-type': 'application/json' },
      body: data,
    });
    await new Promise((resolve, reject) => {
      const request = http.request(
        url,
        { method: 'POST', headers: signed.headers, agent },
        (response) => response.resume().on('end', resolve),
      );
      request.on('error', reject);
      request.end(Buffer.from(data));
    });
  };
  return { send, close: () => agent.destroy() };
}

const cloud = await startLocalCloud({ credentials: credentials() });
const api = await cloud.apigateway.createWebSocketApi({
  stage: 'dev',
  routes: { $connect: { integration: 'mock' } },
});
const socket = new WebSocket(api.url);
await new Promise((resolve) => socket.once('open', resolve));
const [id] = api.connectionIds();
// About what a 1 KB result frame carries.
const data = new TextEncoder().encode(
  JSON.stringify({
    action: 'result',
    v: 1,
    payload: { inline: 'a'.repeat(800) },
  }),
);
const client = new ApiGatewayManagementApiClient({
  endpoint: api.managementUrl,
  region: 'us-east-1',
  credentials: credentials(),
});
await measure('AWS SDK PostToConnectionCommand', () =>
  client.send(new PostToConnectionCommand({ ConnectionId: id, Data: data })),
);
const url = new URL(
  `${api.managementUrl}/@connections/${encodeURIComponent(id)}`,
);
const poster = signedPoster(url, data);
await measure('SignatureV4 + node:http', poster.send);
poster.close();
client.destroy();
socket.close();
await cloud.stop();
