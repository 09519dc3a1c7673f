import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodePayload, encodePayload } from '@tether/codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LocalCloud, RunningApp } from '../../src/index.js';
import { presignUrl } from '../helpers/presign.js';
import { synthesizeTestApp } from './fixtures/test-app.js';
import { startTestCloud } from './helpers/test-host.js';

let outdir: string;
let cloud: LocalCloud;
let app: RunningApp;
let runner: WebSocket;
const inbox: Array<Record<string, unknown>> = [];
const waiters: Array<() => void> = [];

function nextMessage(
  action: string,
  timeoutMs = 15_000,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${action} message`)),
      timeoutMs,
    );
    const check = () => {
      const index = inbox.findIndex((m) => m.action === action);
      if (index === -1) {
        waiters.push(check);
        return;
      }
      clearTimeout(timer);
      resolve(inbox.splice(index, 1)[0] as Record<string, unknown>);
    };
    check();
  });
}

beforeAll(async () => {
  outdir = await mkdtemp(path.join(tmpdir(), 'tether-live-'));
  synthesizeTestApp(outdir, { liveStage: 'test' });
  cloud = await startTestCloud();
  app = await cloud.deployAssembly(outdir);
}, 120_000);

afterAll(async () => {
  runner?.close();
  await cloud?.stop();
  await rm(outdir, { recursive: true, force: true });
});

describe('live mode', () => {
  it('stands up the debug stack and runs the stub in place of functions', () => {
    const live = app.functions
      .filter((f) => f.live)
      .map((f) => f.constructPath);

    expect(live.sort()).toEqual(['Web/Auth', 'Web/Probe', 'Web/Store']);
    expect(app.apis.map((a) => a.type).sort()).toEqual([
      'HTTP',
      'REST',
      'REST',
      'WEBSOCKET',
    ]);
  });

  it('carries a request from the stub through the relay to the runner and back', async () => {
    const manifest = JSON.parse(
      await readFile(path.join(outdir, 'tether.live.json'), 'utf8'),
    );
    const debug = app.outputs[manifest.relay.stack] ?? {};
    const relayUrl = String(debug[manifest.relay.urlOutput]);
    const signed = await presignUrl(`${relayUrl}?kind=runner`, {
      credentials: cloud.credentials,
      region: cloud.region,
    });
    runner = new WebSocket(signed);
    runner.on('message', (data) => {
      inbox.push(JSON.parse(String(data)));
      for (const waiter of waiters.splice(0)) waiter();
    });
    await new Promise((resolve, reject) => {
      runner.once('open', resolve);
      runner.once('error', reject);
    });
    runner.send(
      JSON.stringify({
        action: 'register',
        v: 1,
        app: manifest.app,
        stage: manifest.stage,
        runner: randomUUID(),
        functions: manifest.functions.map((f: { id: string }) => f.id),
      }),
    );
    await nextMessage('registered');
    const http = app.apis.find((a) => a.type === 'HTTP')?.url as string;

    const pending = fetch(`${http}probe/live?from=test`);
    const invoke = await nextMessage('invoke');
    const { event } = decodePayload(
      (invoke.payload as { inline: string }).inline,
    ) as { event: Record<string, unknown> };
    const reply = { id: invoke.id, stub: invoke.stub, v: 1 };
    runner.send(JSON.stringify({ action: 'ack', ...reply }));
    runner.send(
      JSON.stringify({
        action: 'result',
        ...reply,
        payload: {
          inline: encodePayload({ statusCode: 202, body: 'from the runner' }),
        },
      }),
    );
    const response = await pending;

    expect(invoke.function).toBe('Probe');
    expect(relayUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/test$/);
    expect(event).toMatchObject({
      routeKey: 'ANY /probe/{proxy+}',
      queryStringParameters: { from: 'test' },
    });
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('from the runner');
  });
});
