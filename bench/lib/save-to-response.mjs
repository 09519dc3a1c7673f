import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHistogram, recordMs, summarize } from './histogram.mjs';

// The greeting in hello.ts's source: a template literal of the handler.
const GREETING = ['Hello, $', '{name}!'].join('');

/** A direct invocation of the Hello handler, as its HTTP route would be. */
function helloRequest() {
  const text = JSON.stringify({
    version: '2.0',
    routeKey: 'GET /hello',
    rawPath: '/hello',
    queryStringParameters: { name: 'bench' },
    requestContext: { http: { method: 'GET', path: '/hello' } },
  });
  return { text, body: Buffer.from(text), check: () => true };
}

/**
 * From a saved handler file to the first response of the new code: the
 * live Hello handler's greeting is edited `saves` times; right after each
 * save, invocations go through the whole chain until one answers with the
 * new greeting. Also from each save to the runner's `build` event (the new
 * code built and an environment with it started).
 */
export async function measureSaves({ chain, invoke, saves }) {
  const file = path.join(chain.app, 'src/handlers/hello.ts');
  const original = await readFile(file, 'utf8');
  if (!original.includes(GREETING)) throw new Error(`${file} changed shape`);
  const request = helloRequest();
  const toResponse = createHistogram();
  const toBuilt = createHistogram();
  const esbuild = createHistogram();
  let stale = 0;
  try {
    await invoke(request);
    for (let n = 1; n <= saves; n++) {
      const marker = `v${n}-${Date.now()}`;
      const built = nextBuild(chain.runnerEvents, 'Hello');
      const start = performance.now();
      await writeFile(
        file,
        original.replace(GREETING, `${GREETING} ${marker}`),
      );
      for (;;) {
        const { body } = await invoke(request);
        if (body.toString().includes(marker)) break;
        stale++;
      }
      recordMs(toResponse, performance.now() - start);
      const event = await Promise.race([
        built,
        sleep(5000).then(() => undefined),
      ]);
      if (event !== undefined) {
        recordMs(toBuilt, event.at - start);
        recordMs(esbuild, event.durationMs);
      }
      // A developer does not save twice within a moment.
      await sleep(200);
    }
  } finally {
    await writeFile(file, original);
  }
  return {
    saveToFirstResponse: summarize(toResponse),
    saveToBuilt: summarize(toBuilt),
    esbuildRebuild: summarize(esbuild),
    staleResponses: stale,
  };
}

// Resolves with the function's next `build` event (and its time, `at`).
function nextBuild(events, functionId) {
  const from = events.length;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const found = events
        .slice(from)
        .find((e) => e.type === 'build' && e.function === functionId);
      if (found) {
        clearInterval(timer);
        resolve(found);
      }
    }, 2);
    timer.unref();
  });
}
