import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalCloud } from '@tether/local-cloud';
import { startRunner } from '@tether/runner';
import { build } from 'esbuild';
import {
  copyExample,
  readLiveManifest,
  synthesizeLive,
} from './example-app.mjs';
import { spawnRunner } from './spawn-runner.mjs';
import { restoreAssembly, saveAssembly } from './synth-cache.mjs';

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const STAGE = 'bench';
/** The stage of the runner that starts a process per invocation. */
const FRESH_STAGE = 'benchfresh';

// Not a secret: it opens loopback services of this run only. A fresh
// object each time, because the AWS SDK writes into what it is given.
const credentials = () => ({
  accessKeyId: 'TETHERBENCH',
  secretAccessKey: 'tether-bench-secret',
});

const STUB_DIR = path.dirname(
  fileURLToPath(import.meta.resolve('@tether/stub/asset')),
);

/** A URL with `kind=runner`, as the relay's $connect asks of runners. */
function runnerUrl(relayUrl) {
  const url = new URL(relayUrl);
  url.searchParams.set('kind', 'runner');
  return url.toString();
}

/** Bundles a handler as NodejsFunction does, into `outdir/index.js`. */
export async function bundleHandler(entry, outdir) {
  await build({
    entryPoints: [entry],
    outfile: path.join(outdir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['@aws-sdk/*'],
    logLevel: 'silent',
  });
  return outdir;
}

function debugOutputs(running, manifest) {
  const stack = `TetherDebug-${manifest.app}-${manifest.stage}`;
  const outputs = running.outputs[stack];
  if (!outputs?.WebSocketUrl) throw new Error(`no outputs for ${stack}`);
  return { relayUrl: outputs.WebSocketUrl, bucket: outputs.BucketName };
}

function stubEnvironment(manifest, debug, overrides = {}) {
  return {
    TETHER_RELAY_URL: debug.relayUrl,
    TETHER_APP: manifest.app,
    TETHER_STAGE: manifest.stage,
    TETHER_FUNCTION_ID: 'Echo',
    TETHER_BUCKET: debug.bucket,
    ...overrides,
  };
}

// Synthesizes, or with `reuse` (--quick) takes the assembly of an earlier
// run from the same sources.
async function liveAssembly({ app, outdir, reuse }) {
  const options = { app, outdir, stage: STAGE, region: REGION };
  const cached = reuse ? await restoreAssembly(options) : undefined;
  if (cached?.restored) {
    const manifest = await readLiveManifest(outdir);
    return {
      directory: outdir,
      manifest,
      dispose: async () => {},
      reused: true,
    };
  }
  const synth = await synthesizeLive({ ...options, account: ACCOUNT });
  if (cached)
    await saveAssembly({ key: cached.key, app, outdir: synth.directory });
  return { ...synth, reused: false };
}

// Lambda's Node.js runtime sets _X_AMZN_TRACE_ID in process.env for each
// invocation ("This environment variable changes with each invocation",
// Lambda's list of reserved variables), and each execution environment
// writes to a log stream of its own (AWS_LAMBDA_LOG_STREAM_NAME); local-
// cloud does neither. This stub does both, to show what the runner does
// with a forwarded environment that changes between invocations.
const TRACED_STUB = (asset) => `'use strict';
const { randomBytes } = require('node:crypto');
const { handler } = require(${JSON.stringify(asset)});
const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
process.env.AWS_LAMBDA_LOG_STREAM_NAME =
  day + '/[$LATEST]' + randomBytes(16).toString('hex');
exports.handler = (event, context) => {
  const root = Math.floor(Date.now() / 1000).toString(16);
  process.env._X_AMZN_TRACE_ID =
    'Root=1-' + root + '-' + randomBytes(12).toString('hex') +
    ';Parent=' + randomBytes(8).toString('hex') + ';Sampled=0';
  return handler(event, context);
};
`;

/** Live function ids of the baselines' stubs, served by the warm runner. */
const EXTRA_IDS = {
  stubPerInvocation: 'EchoWsPerInvocation',
  traced: 'EchoTraced',
};

// Copies of Echo under other ids: each stub function forwards its own
// environment, and the runner restarts a function's environments when the
// forwarded environment changes, so two stubs must not share an id.
function withEchoCopies(manifest, ids) {
  const echo = manifest.functions.find((fn) => fn.id === 'Echo');
  const copies = ids.map((id) => ({
    ...echo,
    id,
    constructPath: `${echo.constructPath}${id}`,
    logicalId: `${echo.logicalId}${id}`,
  }));
  return { ...manifest, functions: [...manifest.functions, ...copies] };
}

/**
 * Stands up the example on local-cloud as `tether dev --local` does, plus
 * the functions of the other modes (see the README), and times each step.
 */
export async function setUpChain({ onRelayInvoke, log, reuse }) {
  const steps = {};
  const timed = async (name, run) => {
    const start = performance.now();
    const value = await run();
    steps[name] = performance.now() - start;
    log(`  ${name} ${(steps[name] / 1000).toFixed(1)} s`);
    return value;
  };
  const stops = [];
  let stopping;
  // Once, last started first, whatever fails.
  const stop = () => {
    stopping ??= (async () => {
      for (const each of [...stops].reverse()) await each().catch(() => {});
    })();
    return stopping;
  };
  try {
    const copy = await copyExample();
    stops.push(copy.remove);
    const synth = await timed('synthesize', () =>
      liveAssembly({
        app: copy.app,
        outdir: path.join(copy.root, 'cdk.out'),
        reuse,
      }),
    );
    stops.push(synth.dispose);
    const manifest = synth.manifest;
    const { cloud, running } = await timed('deploy', async () => {
      const cloud = await startLocalCloud({
        region: REGION,
        accountId: ACCOUNT,
        credentials: credentials(),
      });
      stops.push(() => cloud.stop());
      instrumentRelay(cloud, onRelayInvoke);
      return { cloud, running: await cloud.deployAssembly(synth.directory) };
    });
    const debug = debugOutputs(running, manifest);
    const runnerEvents = [];
    const connectionEvents = [];
    const runner = await timed('runner', () =>
      startRunner({
        url: runnerUrl(debug.relayUrl),
        manifest: withEchoCopies(manifest, Object.values(EXTRA_IDS)),
        credentials: credentials(),
        region: REGION,
        onEvent: (event) => {
          runnerEvents.push({ ...event, at: performance.now() });
          if (event.type === 'connection') {
            connectionEvents.push({ ...event, at: performance.now() });
            log(`  runner connection: ${event.state} ${event.detail ?? ''}`);
          }
        },
      }),
    );
    stops.push(() => runner.stop());
    const extra = await timed('baselines', () =>
      createBaselines({ cloud, manifest, debug, root: copy.root, stops }),
    );
    const functionName = (id) =>
      running.functions.find(
        (fn) => fn.constructPath === `HttpApiExample/${id}`,
      )?.name;
    return {
      steps,
      synthesisReused: synth.reused,
      stop,
      cloud,
      runner,
      runnerEvents,
      connectionEvents,
      manifest,
      debug,
      app: copy.app,
      root: copy.root,
      lambdaEndpoint: running.lambdaEndpoint ?? cloud.endpoints.lambda,
      functions: {
        tether: functionName('Echo'),
        hello: functionName('Hello'),
        ...extra.functions,
      },
      echoFile: extra.echoFile,
      stubDir: STUB_DIR,
      credentials,
      stubEnvironment: (overrides) =>
        stubEnvironment(manifest, debug, overrides),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

// Times every invocation of the relay function (each WebSocket message
// and connection event goes through one), by the message's action.
function instrumentRelay(cloud, onRelayInvoke) {
  const lambda = cloud.lambda;
  const invoke = lambda.invoke.bind(lambda);
  lambda.invoke = async (name, event, options) => {
    const start = performance.now();
    const outcome = await invoke(name, event, options);
    onRelayInvoke?.(event, performance.now() - start);
    return outcome;
  };
}

// A folder holding `source` as index.js: a wrapper of the stub asset.
async function writeWrapper(root, name, source) {
  const directory = path.join(root, name);
  await mkdir(directory, { recursive: true });
  await writeFile(path.join(directory, 'index.js'), source);
  return directory;
}

async function createBaselines({ cloud, manifest, debug, root, stops }) {
  const echo = manifest.functions.find((fn) => fn.id === 'Echo');
  const plainDir = await bundleHandler(
    echo.source.entry,
    path.join(root, 'plain-echo'),
  );
  const asset = path.join(STUB_DIR, 'index.js');
  const definitions = [
    ['BenchPlainEcho', plainDir, undefined],
    // The stub's own baseline: a new connection for each invocation.
    [
      'BenchStubPerInvocation',
      STUB_DIR,
      {
        TETHER_FUNCTION_ID: EXTRA_IDS.stubPerInvocation,
        TETHER_CONNECTION: 'per-invocation',
      },
    ],
    [
      'BenchStubTraced',
      await writeWrapper(root, 'stub-traced', TRACED_STUB(asset)),
      { TETHER_FUNCTION_ID: EXTRA_IDS.traced },
    ],
    ['BenchFreshRunnerEcho', STUB_DIR, { TETHER_STAGE: FRESH_STAGE }],
  ];
  for (const [name, codeDir, overrides] of definitions) {
    await cloud.lambda.createFunction({
      name,
      codeDir,
      handler: 'index.handler',
      runtime: 'nodejs22.x',
      timeout: echo.timeout,
      memorySize: echo.memorySize,
      ...(overrides && {
        environment: stubEnvironment(manifest, debug, overrides),
      }),
    });
  }
  const fresh = await spawnRunner({
    url: runnerUrl(debug.relayUrl),
    // The same code as an asset: no second build of the same bundle file.
    manifest: {
      ...manifest,
      stage: FRESH_STAGE,
      functions: [
        {
          ...echo,
          source: {
            kind: 'asset',
            directory: plainDir,
            handler: 'index.handler',
          },
        },
      ],
    },
    credentials: credentials(),
    region: REGION,
    freshEnvironmentPerInvocation: true,
  });
  stops.push(() => fresh.stop());
  return {
    echoFile: path.join(plainDir, 'index.js'),
    functions: {
      plain: 'BenchPlainEcho',
      stubPerInvocation: 'BenchStubPerInvocation',
      freshRunner: 'BenchFreshRunnerEcho',
      traced: 'BenchStubTraced',
    },
  };
}
