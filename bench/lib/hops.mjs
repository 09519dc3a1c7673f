import { createHistogram, recordMs, summarize } from './histogram.mjs';

/**
 * Records the relay's invocations by route (`invoke`, `ack`, `result`,
 * `$connect`…): each WebSocket message through the relay is one.
 */
export function createRelayRecorder() {
  const byRoute = new Map();
  let enabled = false;
  return {
    onRelayInvoke(event, ms) {
      if (!enabled) return;
      const route = event?.requestContext?.routeKey ?? 'unknown';
      if (!byRoute.has(route)) byRoute.set(route, createHistogram());
      recordMs(byRoute.get(route), ms);
    },
    start() {
      byRoute.clear();
      enabled = true;
    },
    stop() {
      enabled = false;
      return Object.fromEntries(
        [...byRoute].map(([route, h]) => [route, summarize(h)]),
      );
    },
  };
}

const REPORT_DURATION = /Duration: ([\d.]+) ms/;

/**
 * Where a warm Tether invocation's time goes, hop by hop: `count`
 * sequential invocations with the log tail asked for (its REPORT line is
 * the stub's own duration), the runner's invocation events (the relay
 * overhead from the stub's send to the runner, the time in the runner's
 * function host) and the relay's invocations by route.
 */
export async function profileHops({
  invoke,
  plain,
  request,
  count,
  chain,
  relay,
}) {
  const h = {
    total: createHistogram(),
    plainTotal: createHistogram(),
    stub: createHistogram(),
    stubToRunner: createHistogram(),
    runnerHost: createHistogram(),
    stubWorkAndReturn: createHistogram(),
    outsideStub: createHistogram(),
  };
  // stubWorkAndReturn is what the stub's duration leaves once the way to
  // the runner and the runner's own time are taken out: the stub's work
  // (building, compressing, spilling the event; reading the result) and
  // the way back (runner → relay → stub).
  let errors = 0;
  relay.start();
  for (let i = 0; i < count; i++) {
    chain.runnerEvents.length = 0;
    const start = performance.now();
    let headers;
    let total;
    try {
      ({ headers } = await invoke(request, { 'x-amz-log-type': 'Tail' }));
      total = performance.now() - start;
      const plainStart = performance.now();
      await plain(request);
      recordMs(h.plainTotal, performance.now() - plainStart);
      recordMs(h.total, total);
    } catch {
      errors++;
      continue;
    }
    const tail = Buffer.from(headers['x-amz-log-result'] ?? '', 'base64');
    const stub = Number(REPORT_DURATION.exec(tail.toString())?.[1]);
    const event = chain.runnerEvents.find((e) => e.type === 'invocation');
    if (!Number.isFinite(stub) || event === undefined) continue;
    recordMs(h.stub, stub);
    recordMs(h.outsideStub, total - stub);
    recordMs(h.stubToRunner, event.overheadMs);
    recordMs(h.runnerHost, event.durationMs);
    recordMs(
      h.stubWorkAndReturn,
      Math.max(0, stub - event.overheadMs - event.durationMs),
    );
  }
  return {
    ...Object.fromEntries(Object.entries(h).map(([k, v]) => [k, summarize(v)])),
    relayByRoute: relay.stop(),
    errors,
  };
}
