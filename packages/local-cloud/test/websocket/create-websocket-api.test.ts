import { afterEach, describe, expect, it } from 'vitest';
import { openSocket } from '../helpers/sockets.js';
import { RECORDER, startTestApi, type TestApi } from '../helpers/test-api.js';

// Records that $connect began, then takes far longer than the test.
const slow = `
const fs = require('node:fs');
const path = require('node:path');
exports.handler = async (event) => {
  const c = event.requestContext;
  fs.writeFileSync(path.join(process.env.EVENTS_DIR,
    'connect-' + c.connectionId + '.json'), '{}');
  await new Promise((resolve) => setTimeout(resolve, 8000));
  fs.writeFileSync(path.join(process.env.EVENTS_DIR, 'done.json'), '{}');
  return { statusCode: 200 };
};`;

describe('WebSocketApi.stop', () => {
  let started: TestApi | undefined;

  afterEach(async () => {
    await started?.stop();
  });

  it('closes open connections with 1001 and refuses new ones', async () => {
    started = await startTestApi({ recorder: RECORDER }, { routes: {} });
    const { api } = started;
    const socket = await openSocket(api.url);
    const close = new Promise<number>((resolve) =>
      socket.once('close', resolve),
    );

    await api.stop();

    expect(await close).toBe(1001);
    await expect(openSocket(api.url)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('ends a connection whose $connect is still running', async () => {
    started = await startTestApi(
      { slow },
      { routes: { $connect: { integration: 'lambda', functionName: 'slow' } } },
    );
    const { api } = started;
    const opening = openSocket(api.url).catch((error: Error) => error);
    const pending = await waitForPending(started);

    await api.stop();

    expect(pending).toBe(true);
    expect(await opening).toMatchObject({ message: 'socket hang up' });
    // Ended by the stop, not by $connect finishing.
    expect(await started.recordedCount()).toBe(1);
  });

  it('can be called twice', async () => {
    started = await startTestApi({}, { routes: {} });

    await started.api.stop();

    await expect(started.api.stop()).resolves.toBeUndefined();
  });
});

// $connect has begun once the handler recorded it; the connection id is
// not known to the test, so any recorded $connect counts.
async function waitForPending(started: TestApi): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if ((await started.recordedCount()) > 0) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}
