// What deploying a cloud assembly costs, and what the emulated HTTP and
// REST APIs add to a request: a small CDK app (inline function, an HTTP
// API and a LambdaRestApi) is synthesized, planned, deployed and deployed
// again unchanged; then 1,000 warm requests through each API against
// 1,000 direct invoke() calls, p50 and p99. Run `npm run build` first; this
// imports dist/.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { planAssembly } from '../dist/assembly/plan.js';
import { startLocalCloud } from '../dist/index.js';

const REQUESTS = 1000;
const WARM_UP = 50;

function synthesize(outdir) {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Bench');
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(
      'exports.handler = async (e) => ({ statusCode: 200, body: "ok" });',
    ),
  });
  const http = new apigwv2.HttpApi(stack, 'Http', {
    defaultIntegration: new HttpLambdaIntegration('Fn', fn),
  });
  new apigw.LambdaRestApi(stack, 'Rest', { handler: fn });
  new CfnOutput(stack, 'Url', { value: http.url ?? '' });
  app.synth();
}

function percentile(sorted, p) {
  const index = Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

async function measure(name, call) {
  for (let i = 0; i < WARM_UP; i += 1) await call();
  const times = [];
  for (let i = 0; i < REQUESTS; i += 1) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const p50 = percentile(times, 0.5);
  const p99 = percentile(times, 0.99);
  console.log(`${name}: p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms`);
  return { p50, p99 };
}

async function timed(name, work) {
  const started = performance.now();
  const result = await work();
  console.log(`${name}: ${(performance.now() - started).toFixed(1)} ms`);
  return result;
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'tether-assembly-bench-'));
  const cloud = await startLocalCloud();
  try {
    await timed('synth (in process)', () => synthesize(dir));
    await timed('plan (read + resolve)', () => planAssembly(dir, cloud));
    const app = await timed('first deploy', () => cloud.deployAssembly(dir));
    await timed('unchanged redeploy', () => cloud.deployAssembly(dir));
    const name = app.functions[0].name;
    const url = (type) => app.apis.find((a) => a.type === type).url;
    const check = await cloud.lambda.invoke(name, {});
    if (!check.ok)
      throw new Error(`the function fails: ${JSON.stringify(check)}`);
    const direct = await measure('invoke()', () =>
      cloud.lambda.invoke(name, {}),
    );
    for (const type of ['HTTP', 'REST']) {
      const through = await measure(`${type} API fetch`, async () => {
        const response = await fetch(url(type));
        await response.text();
      });
      const overhead = (through.p50 - direct.p50).toFixed(3);
      console.log(`${type} API overhead over invoke(), p50: ${overhead} ms`);
    }
  } finally {
    await cloud.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
