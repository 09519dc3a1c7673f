import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {
  App,
  CfnParameter,
  Duration,
  NestedStack,
  PropertyInjectors,
  Stack,
  Stage,
} from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Code,
  Function as LambdaFunction,
  Runtime,
} from 'aws-cdk-lib/aws-lambda';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CONTEXT_KEYS,
  LIVE_MANIFEST_FILE,
  type LiveManifest,
  NOT_LIVE_WARNING,
  Tether,
  TetherDebugStack,
  type TetherProps,
} from '../src/index.js';
import { buildApp, FIXTURE } from './fixtures/app/build-app.js';
import { addDefaultEntryFunction } from './fixtures/app/default-entry.js';
import type { CfnJson } from './helpers/cfn.js';
import { tempDir } from './helpers/temp-dir.js';

// CDK's built-in template validation costs a second of CPU per synth;
// the debug stack's test keeps it on, these synths do not need it.
process.env.CDK_VALIDATION = 'false';

const require = createRequire(import.meta.url);
const stubAsset = readFileSync(require.resolve('@tether/stub/asset'));

const FIXED_ROLE = 'arn:aws:iam::123456789012:role/fixed';

const LIVE = { [CONTEXT_KEYS.live]: 'true', [CONTEXT_KEYS.stage]: 'alice' };

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function templates(outdir: string): Record<string, string> {
  const files = readdirSync(outdir).filter((f) => f.endsWith('.template.json'));
  return Object.fromEntries(
    files.map((f) => [f, readFileSync(path.join(outdir, f), 'utf8')]),
  );
}

/** A light app: plain Node.js functions only, so no bundling runs. */
function plainApp(
  context: Record<string, unknown>,
  props: TetherProps,
  build: (app: App) => void,
): { app: App; manifest: () => LiveManifest } {
  const outdir = tempDir();
  const app = new App({ context, outdir });
  Tether.enable(app, props);
  build(app);
  return {
    app,
    manifest: () => {
      app.synth();
      return readJson(path.join(outdir, LIVE_MANIFEST_FILE));
    },
  };
}

function plainFunction(scope: Construct, id: string, timeout?: number) {
  return new LambdaFunction(scope, id, {
    runtime: Runtime.NODEJS_22_X,
    code: Code.fromAsset(FIXTURE.plain),
    handler: 'index.handler',
    timeout: timeout === undefined ? undefined : Duration.seconds(timeout),
  });
}

function functionProps(template: Template, idPrefix: string): CfnJson {
  const all = template.findResources('AWS::Lambda::Function');
  const [, fn] = Object.entries(all).find(([id]) =>
    id.startsWith(idPrefix),
  ) ?? [undefined, undefined];
  return fn?.Properties;
}

describe('Tether.enable in live mode', () => {
  let outdir: string;
  let shop: Template;
  let debug: Template;
  let manifest: LiveManifest;
  let app: App;

  beforeAll(() => {
    outdir = tempDir();
    ({ app } = buildApp({ outdir, context: LIVE, tether: { app: 'shop' } }));
    const assembly = app.synth();
    shop = Template.fromJSON(assembly.getStackByName('Shop').template);
    debug = Template.fromJSON(
      assembly.getStackByName('TetherDebug-shop-alice').template,
    );
    manifest = readJson(path.join(outdir, LIVE_MANIFEST_FILE));
  });

  it('adds the debug stack to the app', () => {
    const stack = app.node.tryFindChild('TetherDebug-shop-alice');

    expect(Stack.isStack(stack)).toBe(true);
    debug.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
  });

  it('puts the stub in place of the NodejsFunction and the plain function', () => {
    for (const id of ['ApiHello', 'ApiPlain']) {
      const props = functionProps(shop, id);
      const hash = String(props.Code.S3Key).replace('.zip', '');
      const staged = readFileSync(
        path.join(outdir, `asset.${hash}`, 'index.js'),
      );

      expect(props.Handler).toBe('index.handler');
      expect(staged.equals(stubAsset)).toBe(true);
    }
  });

  it('leaves the Python function as declared', () => {
    const props = functionProps(shop, 'ApiPython');

    expect(props.Runtime).toBe('python3.12');
    expect(props.Environment).toBeUndefined();
  });

  it('warns about the Python function, naming it and its runtime', () => {
    Annotations.fromStack(app.node.findChild('Shop') as Stack).hasWarning(
      '/Shop/Api/Python',
      Match.stringLikeRegexp(
        `Shop/Api/Python stays as deployed.*python3\\.12.*${NOT_LIVE_WARNING}`,
      ),
    );
  });

  it("keeps the function's variables and adds the stub's", () => {
    const variables = functionProps(shop, 'ApiHello').Environment.Variables;

    expect(variables).toMatchObject({
      GREETING: 'hi',
      TETHER_APP: 'shop',
      TETHER_STAGE: 'alice',
      TETHER_FUNCTION_ID: 'Api/Hello',
      TETHER_FORWARD_CREDENTIALS: 'true',
      TETHER_BUCKET: { 'Fn::ImportValue': expect.stringContaining('Bucket') },
    });
    expect(JSON.stringify(variables.TETHER_RELAY_URL)).toMatch(
      /wss:\/\/.*TetherDebug-shop-alice:.*Api.*\/alice/,
    );
  });

  it('grants each live function Connect and payload access only', () => {
    const policies = shop.findResources('AWS::IAM::Policy');

    const byRole = Object.values(policies).map((p: CfnJson) => ({
      role: p.Properties.Roles[0].Ref,
      statements: JSON.stringify(p.Properties.PolicyDocument.Statement),
    }));

    expect(byRole.map((p) => p.role).sort()).toEqual([
      expect.stringMatching(/^ApiHelloServiceRole/),
      expect.stringMatching(/^ApiPlainServiceRole/),
    ]);
    for (const { statements } of byRole) {
      const parsed = JSON.parse(statements);
      expect(parsed.map((s: CfnJson) => s.Action)).toEqual([
        'execute-api:Connect',
        ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      ]);
      expect(statements).toContain('/alice/$connect');
      expect(statements).toContain('/payloads/*');
      expect(statements).not.toContain('"*"');
    }
  });

  it('makes the app stack depend on the debug stack', () => {
    const shopStack = app.node.findChild('Shop') as Stack;

    const dependencies = shopStack.dependencies.map((s) => s.stackName);

    expect(dependencies).toEqual(['TetherDebug-shop-alice']);
  });

  it('does not bundle the NodejsFunction', () => {
    const staged = readdirSync(outdir).filter((f) => f.startsWith('asset.'));

    const contents = staged.map((dir) => readdirSync(path.join(outdir, dir)));

    // stub, relay, the bucket's auto-delete handler and the Python code
    expect(staged).toHaveLength(4);
    expect(contents).toContainEqual(['index.py']);
  });

  it('writes the manifest with the relay and each live function', () => {
    expect(manifest).toEqual({
      version: 1,
      app: 'shop',
      stage: 'alice',
      relay: { stack: 'TetherDebug-shop-alice', urlOutput: 'WebSocketUrl' },
      functions: [
        {
          id: 'Api/Hello',
          constructPath: 'Shop/Api/Hello',
          stack: 'Shop',
          logicalId: expect.stringMatching(/^ApiHello[0-9A-F]{8}$/),
          runtime: 'nodejs22.x',
          handler: 'index.handler',
          memorySize: 128,
          timeout: 3,
          source: { kind: 'entry', entry: FIXTURE.entry, handler: 'handler' },
        },
        {
          id: 'Api/Plain',
          constructPath: 'Shop/Api/Plain',
          stack: 'Shop',
          logicalId: expect.stringMatching(/^ApiPlain[0-9A-F]{8}$/),
          runtime: 'nodejs24.x',
          handler: 'index.handler',
          memorySize: 512,
          timeout: 10,
          source: {
            kind: 'asset',
            directory: FIXTURE.plain,
            handler: 'index.handler',
          },
        },
      ],
    });
  });

  it("names each function's logical id as its template has it", () => {
    for (const fn of manifest.functions) {
      expect(shop.toJSON().Resources[fn.logicalId].Type).toBe(
        'AWS::Lambda::Function',
      );
    }
  });
});

describe('Tether.enable with live mode off', () => {
  it('synthesizes templates byte-identical to the app without Tether', () => {
    const without = tempDir();
    const withTether = tempDir();
    buildApp({ outdir: without }).app.synth();

    buildApp({ outdir: withTether, tether: { app: 'shop' } }).app.synth();

    expect(Object.keys(templates(without))).toEqual(['Shop.template.json']);
    expect(templates(withTether)).toEqual(templates(without));
  });

  it('writes no manifest and adds no stack', () => {
    const outdir = tempDir();
    const app = new App({ outdir, context: { [CONTEXT_KEYS.live]: 'false' } });

    const tether = Tether.enable(app, { app: 'shop' });
    app.synth();

    expect(tether.live).toBe(false);
    expect(tether.debugStack).toBeUndefined();
    expect(existsSync(path.join(outdir, LIVE_MANIFEST_FILE))).toBe(false);
    expect(app.node.children.map((c) => c.node.id)).toEqual(['Tree']);
  });
});

describe('Tether.enable options', () => {
  it('raises timeouts to increaseTimeout and keeps longer ones', () => {
    const { app, manifest } = plainApp(
      LIVE,
      { app: 'shop', increaseTimeout: Duration.minutes(5) },
      (a) => {
        const stack = new Stack(a, 'S');
        plainFunction(stack, 'Short', 3);
        plainFunction(stack, 'Long', 600);
      },
    );

    const timeouts = manifest().functions.map((f) => [f.id, f.timeout]);
    const template = Template.fromStack(app.node.findChild('S') as Stack);

    expect(timeouts).toEqual([
      ['Short', 300],
      ['Long', 600],
    ]);
    expect(functionProps(template, 'Short').Timeout).toBe(300);
  });

  it('keeps a memory size and timeout that synth cannot know', () => {
    const { app, manifest } = plainApp(
      LIVE,
      { app: 'shop', increaseTimeout: Duration.minutes(5) },
      (a) => {
        const stack = new Stack(a, 'S');
        const size = new CfnParameter(stack, 'Size', { type: 'Number' });
        new LambdaFunction(stack, 'Fn', {
          runtime: Runtime.NODEJS_22_X,
          code: Code.fromAsset(FIXTURE.plain),
          handler: 'index.handler',
          memorySize: size.valueAsNumber,
          timeout: Duration.seconds(size.valueAsNumber),
        });
      },
    );

    const [fn] = manifest().functions;
    const template = Template.fromStack(app.node.findChild('S') as Stack);

    expect(fn?.memorySize).toBe(10240);
    expect(fn?.timeout).toBe(900);
    expect(functionProps(template, 'Fn').Timeout).toEqual({ Ref: 'Size' });
    expect(functionProps(template, 'Fn').MemorySize).toEqual({ Ref: 'Size' });
  });

  it('reads the timeout from context in seconds', () => {
    const { manifest } = plainApp(
      { ...LIVE, [CONTEXT_KEYS.timeout]: '120' },
      { app: 'shop' },
      (a) => plainFunction(new Stack(a, 'S'), 'Fn'),
    );

    expect(manifest().functions[0]?.timeout).toBe(120);
  });

  it('reads the app name from context when the prop is absent', () => {
    const { manifest } = plainApp(
      { ...LIVE, [CONTEXT_KEYS.app]: 'fromctx' },
      {},
      (a) => plainFunction(new Stack(a, 'S'), 'Fn'),
    );

    expect(manifest().relay.stack).toBe('TetherDebug-fromctx-alice');
  });

  it('makes live only what include and exclude let through', () => {
    const { manifest } = plainApp(
      { ...LIVE, [CONTEXT_KEYS.exclude]: 'Api/Legacy*' },
      { app: 'shop', include: ['Api/**'], exclude: ['Api/Admin/*'] },
      (a) => {
        const stack = new Stack(a, 'S');
        const api = new Construct(stack, 'Api');
        plainFunction(api, 'Orders');
        plainFunction(new Construct(api, 'Admin'), 'Users');
        plainFunction(api, 'LegacyX');
        plainFunction(stack, 'Worker');
      },
    );

    const ids = manifest().functions.map((f) => f.id);

    expect(ids).toEqual(['Api/Orders']);
  });

  it('filters on the construct path too, as ids of twins show it', () => {
    const { manifest } = plainApp(
      { ...LIVE, [CONTEXT_KEYS.include]: 'Shop/Api/Hello' },
      { app: 'shop' },
      (a) => {
        plainFunction(new Construct(new Stack(a, 'Shop'), 'Api'), 'Hello');
        plainFunction(new Construct(new Stack(a, 'Other'), 'Api'), 'Hello');
      },
    );

    const paths = manifest().functions.map((f) => f.constructPath);

    expect(paths).toEqual(['Shop/Api/Hello']);
  });

  it('passes the ack timeout and credential forwarding to the stub', () => {
    const { app } = plainApp(
      LIVE,
      {
        app: 'shop',
        ackTimeout: Duration.seconds(5),
        forwardCredentials: false,
      },
      (a) => plainFunction(new Stack(a, 'S'), 'Fn'),
    );

    const template = Template.fromStack(app.node.findChild('S') as Stack);

    expect(functionProps(template, 'Fn').Environment.Variables).toMatchObject({
      TETHER_ACK_TIMEOUT_MS: '5000',
      TETHER_FORWARD_CREDENTIALS: 'false',
    });
  });

  it('uses full construct paths for ids that two stacks share', () => {
    const { app, manifest } = plainApp(LIVE, { app: 'shop' }, (a) => {
      plainFunction(new Stack(a, 'One'), 'Handler');
      plainFunction(new Stack(a, 'Two'), 'Handler');
      plainFunction(new Stack(a, 'Three'), 'Solo');
    });

    const ids = manifest().functions.map((f) => f.id);
    const one = Template.fromStack(app.node.findChild('One') as Stack);

    expect(ids).toEqual(['One/Handler', 'Two/Handler', 'Solo']);
    expect(
      functionProps(one, 'Handler').Environment.Variables.TETHER_FUNCTION_ID,
    ).toBe('One/Handler');
  });

  it("keeps ids unique when a short id is another's construct path", () => {
    const { manifest } = plainApp(LIVE, { app: 'shop' }, (a) => {
      plainFunction(new Stack(a, 'Api'), 'Handler');
      plainFunction(new Stack(a, 'Worker'), 'Handler');
      plainFunction(new Construct(new Stack(a, 'Shop'), 'Api'), 'Handler');
    });

    const ids = manifest().functions.map((f) => f.id);

    expect(ids).toEqual(['Api/Handler', 'Worker/Handler', 'Shop/Api/Handler']);
  });

  it('puts the debug stack in the environment of the first live stack', () => {
    const env = { account: '111111111111', region: 'eu-west-1' };
    const { app } = plainApp(LIVE, { app: 'shop' }, (a) => {
      plainFunction(new Stack(a, 'Here', { env }), 'Fn');
      plainFunction(
        new Stack(a, 'There', { env: { ...env, region: 'us-east-1' } }),
        'Fn',
      );
    });

    const debug = app.node.findChild('TetherDebug-shop-alice') as Stack;
    const there = app.node.findChild('There') as Stack;

    expect(debug.environment).toBe('aws://111111111111/eu-west-1');
    Annotations.fromStack(there).hasWarning(
      '/There/Fn',
      Match.stringLikeRegexp('There/Fn stays as deployed.*us-east-1'),
    );
  });

  it('places the debug stack by live functions only', () => {
    const env = { account: '111111111111', region: 'us-east-1' };
    const { app, manifest } = plainApp(LIVE, { app: 'shop' }, (a) => {
      new LambdaFunction(new Stack(a, 'Certs', { env }), 'Inline', {
        runtime: Runtime.NODEJS_22_X,
        code: Code.fromInline('exports.handler = async () => 1;'),
        handler: 'index.handler',
      });
      plainFunction(
        new Stack(a, 'Main', { env: { ...env, region: 'eu-west-1' } }),
        'Fn',
      );
    });

    const ids = manifest().functions.map((f) => f.constructPath);

    const debug = app.node.findChild('TetherDebug-shop-alice') as Stack;
    expect(debug.environment).toBe('aws://111111111111/eu-west-1');
    expect(ids).toEqual(['Main/Fn']);
  });

  it("leaves CDK's own Node.js functions alone", () => {
    const { app, manifest } = plainApp(LIVE, { app: 'shop' }, (a) => {
      const stack = new Stack(a, 'S');
      new AwsCustomResource(stack, 'Lookup', {
        onCreate: {
          service: 'SSM',
          action: 'getParameter',
          parameters: { Name: 'x' },
          physicalResourceId: PhysicalResourceId.of('x'),
        },
        policy: AwsCustomResourcePolicy.fromSdkCalls({
          resources: AwsCustomResourcePolicy.ANY_RESOURCE,
        }),
      });
    });

    const functions = manifest().functions;

    expect(functions).toEqual([]);
    Annotations.fromStack(app.node.findChild('S') as Stack).hasWarning(
      '*',
      Match.stringLikeRegexp('inside node_modules'),
    );
  });

  it('runs an injector the app already had before its own', () => {
    const outdir = tempDir();
    const app = new App({ context: LIVE, outdir });
    PropertyInjectors.of(app).add({
      constructUniqueId: LambdaFunction.PROPERTY_INJECTION_ID,
      inject: (props: CfnJson) => ({ ...props, memorySize: 1024 }),
    });
    Tether.enable(app, { app: 'shop' });

    plainFunction(new Stack(app, 'S'), 'Fn');
    app.synth();

    const manifest = readJson<LiveManifest>(
      path.join(outdir, LIVE_MANIFEST_FILE),
    );
    expect(manifest.functions[0]?.memorySize).toBe(1024);
  });

  it('names the top-level stack and the nested stacks of a nested function', () => {
    const { app, manifest } = plainApp(LIVE, { app: 'shop' }, (a) => {
      const inner = new NestedStack(new Stack(a, 'S'), 'Inner');
      plainFunction(new NestedStack(inner, 'Deeper'), 'Fn');
    });

    const [fn] = manifest().functions;

    const top = app.node.findChild('S') as Stack;
    const inner = top.node.findChild('Inner') as NestedStack;
    const deeper = inner.node.findChild('Deeper') as NestedStack;
    const fnTemplate = Template.fromStack(deeper).toJSON();
    expect(fn?.id).toBe('Inner/Deeper/Fn');
    expect(fn?.stack).toBe('S');
    expect(fn?.nestedStacks).toEqual([
      top.resolve(inner.nestedStackResource?.logicalId),
      inner.resolve(deeper.nestedStackResource?.logicalId),
    ]);
    expect(Object.keys(fnTemplate.Resources)).toContain(fn?.logicalId);
  });

  it('warns about a function inside a nested Stage', () => {
    const { app, manifest } = plainApp(LIVE, { app: 'shop' }, (a) => {
      plainFunction(new Stack(new Stage(a, 'Dev'), 'S'), 'Fn');
    });

    const functions = manifest().functions;

    const stack = app.node.findChild('Dev').node.findChild('S') as Stack;
    expect(functions).toEqual([]);
    Annotations.fromStack(stack).hasWarning(
      '/Dev/S/Fn',
      Match.stringLikeRegexp('Dev/S/Fn stays as deployed.*nested Stage'),
    );
  });

  it('leaves a function on a Node.js runtime without fetch', () => {
    const { app, manifest } = plainApp(LIVE, { app: 'shop' }, (a) => {
      new LambdaFunction(new Stack(a, 'S'), 'Old', {
        runtime: Runtime.NODEJS_16_X,
        code: Code.fromAsset(FIXTURE.plain),
        handler: 'index.handler',
      });
    });

    const functions = manifest().functions;

    expect(functions).toEqual([]);
    Annotations.fromStack(app.node.findChild('S') as Stack).hasWarning(
      '/S/Old',
      Match.stringLikeRegexp('S/Old stays as deployed.*nodejs16\\.x'),
    );
  });

  it('leaves a function whose imported role cannot be changed', () => {
    const { app, manifest } = plainApp(LIVE, { app: 'shop' }, (a) => {
      const stack = new Stack(a, 'S');
      new LambdaFunction(stack, 'Fixed', {
        runtime: Runtime.NODEJS_22_X,
        code: Code.fromAsset(FIXTURE.plain),
        handler: 'index.handler',
        role: Role.fromRoleArn(stack, 'Role', FIXED_ROLE, { mutable: false }),
      });
    });

    const functions = manifest().functions;

    expect(functions).toEqual([]);
    const stack = app.node.findChild('S') as Stack;
    const props = functionProps(Template.fromStack(stack), 'Fixed');
    expect(props.Handler).toBe('index.handler');
    expect(props.Environment).toBeUndefined();
    Annotations.fromStack(stack).hasWarning(
      '/S/Fixed',
      Match.stringLikeRegexp('S/Fixed stays as deployed.*role.*fixed'),
    );
  });

  it('grants a shared role once for its live functions', () => {
    const { app, manifest } = plainApp(LIVE, { app: 'shop' }, (a) => {
      const stack = new Stack(a, 'S');
      const role = new Role(stack, 'Shared', {
        assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      });
      for (const id of ['A', 'B']) {
        new LambdaFunction(stack, id, {
          runtime: Runtime.NODEJS_22_X,
          code: Code.fromAsset(FIXTURE.plain),
          handler: 'index.handler',
          role,
        });
      }
    });

    const ids = manifest().functions.map((f) => f.id);

    const template = Template.fromStack(app.node.findChild('S') as Stack);
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy'));
    expect(ids).toEqual(['A', 'B']);
    expect(
      policy.Properties.PolicyDocument.Statement.map((s: CfnJson) => s.Action),
    ).toEqual([
      'execute-api:Connect',
      ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
    ]);
  });

  it("refuses a second stack with the debug stack's name", () => {
    const { app } = plainApp(LIVE, { app: 'shop' }, (a) => {
      plainFunction(new Stack(a, 'S'), 'Fn');
      new TetherDebugStack(a, 'Debug', {
        appName: 'shop',
        stage: 'alice',
      });
    });

    const synth = () => app.synth();

    expect(synth).toThrow(
      expect.objectContaining({ code: 'DEBUG_STACK_CONFLICT' }),
    );
  });

  it('warns about functions it never saw', () => {
    const app = new App({ context: LIVE, outdir: tempDir() });
    const early = new Stack(app, 'Early');
    plainFunction(early, 'Before');
    Tether.enable(app, { app: 'shop' });
    const hidden = new Stack(app, 'Hidden');
    PropertyInjectors.of(hidden).add({
      constructUniqueId: LambdaFunction.PROPERTY_INJECTION_ID,
      inject: (props: CfnJson) => props,
    });
    plainFunction(hidden, 'Below');

    app.synth();

    for (const [stack, fn] of [
      [early, 'Before'],
      [hidden, 'Below'],
    ] as const) {
      Annotations.fromStack(stack).hasWarning(
        `/${stack.stackName}/${fn}`,
        Match.stringLikeRegexp(`${fn} stays as deployed.*Tether.enable`),
      );
    }
  });

  it('refuses an injector added to the app after it', () => {
    const { app } = plainApp(LIVE, { app: 'shop' }, (a) => {
      PropertyInjectors.of(a).add({
        constructUniqueId: LambdaFunction.PROPERTY_INJECTION_ID,
        inject: (props: CfnJson) => props,
      });
      plainFunction(new Stack(a, 'S'), 'Fn');
    });

    const synth = () => app.synth();

    expect(synth).toThrow(
      expect.objectContaining({ code: 'INJECTOR_REPLACED' }),
    );
  });

  it("learns a NodejsFunction's default entry", () => {
    const { manifest } = plainApp(LIVE, { app: 'shop' }, (a) => {
      addDefaultEntryFunction(new Stack(a, 'S'));
    });

    const [worker] = manifest().functions;

    expect(worker?.source).toEqual({
      kind: 'entry',
      entry: path.join(
        path.dirname(FIXTURE.entry),
        '..',
        'default-entry.worker.ts',
      ),
      handler: 'handler',
    });
  });

  it('swaps a NodejsFunction when bundling is skipped for every stack', () => {
    const context = { ...LIVE, 'aws:cdk:bundling-stacks': [] };
    const { app, manifest } = plainApp(context, { app: 'shop' }, (a) => {
      addDefaultEntryFunction(new Stack(a, 'S'));
    });

    const [worker] = manifest().functions;
    const template = Template.fromStack(app.node.findChild('S') as Stack);
    const props = functionProps(template, 'worker');
    const hash = String(props.Code.S3Key).replace('.zip', '');
    const staged = readFileSync(
      path.join(app.outdir, `asset.${hash}`, 'index.js'),
    );

    expect(worker?.source.kind).toBe('entry');
    expect(staged.equals(stubAsset)).toBe(true);
  });

  it('adds the debug stack even when no function goes live', () => {
    const { manifest } = plainApp(LIVE, { app: 'shop' }, () => {});

    const written = manifest();

    expect(written.functions).toEqual([]);
    expect(written.relay.stack).toBe('TetherDebug-shop-alice');
  });
});

describe('Tether.enable refusals', () => {
  const cases: Array<[string, Record<string, unknown>, TetherProps, string]> = [
    [
      'no stage',
      { [CONTEXT_KEYS.live]: true },
      { app: 'shop' },
      'STAGE_REQUIRED',
    ],
    ['no app name', LIVE, {}, 'APP_REQUIRED'],
    ['a bad app name', LIVE, { app: 'Shop Front' }, 'INVALID_APP_NAME'],
    [
      'a bad stage name',
      { ...LIVE, [CONTEXT_KEYS.stage]: '-x' },
      { app: 'shop' },
      'INVALID_STAGE_NAME',
    ],
    [
      'a stage that is not a string',
      { ...LIVE, [CONTEXT_KEYS.stage]: 7 },
      { app: 'shop' },
      'INVALID_CONTEXT',
    ],
    [
      'a timeout that is not a number',
      { ...LIVE, [CONTEXT_KEYS.timeout]: 'soon' },
      { app: 'shop' },
      'INVALID_CONTEXT',
    ],
    [
      'a filter that is not a list',
      { ...LIVE, [CONTEXT_KEYS.include]: { a: 1 } },
      { app: 'shop' },
      'INVALID_CONTEXT',
    ],
    [
      'a filter that is broken JSON',
      { ...LIVE, [CONTEXT_KEYS.include]: '[a' },
      { app: 'shop' },
      'INVALID_CONTEXT',
    ],
    [
      'a timeout over 900 s',
      LIVE,
      { app: 'shop', increaseTimeout: Duration.minutes(16) },
      'INVALID_TIMEOUT',
    ],
    [
      'a timeout in fractions of a second',
      { ...LIVE, [CONTEXT_KEYS.timeout]: '90.5' },
      { app: 'shop' },
      'INVALID_TIMEOUT',
    ],
    [
      'an increaseTimeout of 1.5 s',
      LIVE,
      { app: 'shop', increaseTimeout: Duration.millis(1500) },
      'INVALID_TIMEOUT',
    ],
    [
      'a missing stub asset',
      LIVE,
      { app: 'shop', stubAssetDir: os.tmpdir() },
      'ASSET_NOT_FOUND',
    ],
  ];

  it.each(cases)('refuses %s', (_name, context, props, code) => {
    const app = new App({ context });

    const enable = () => Tether.enable(app, props);

    expect(enable).toThrow(expect.objectContaining({ code }));
  });

  it('refuses a second call on one app', () => {
    const app = new App();
    Tether.enable(app, { app: 'shop' });

    const again = () => Tether.enable(app, { app: 'shop' });

    expect(again).toThrow(expect.objectContaining({ code: 'ALREADY_ENABLED' }));
  });
});
