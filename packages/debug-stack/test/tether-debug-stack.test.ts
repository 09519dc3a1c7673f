import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEBUG_STACK_OUTPUTS,
  KEEP_ALIVE_ROUTE,
  RELAY_ROUTES,
  TetherDebugStack,
  TetherRelay,
} from '../src/index.js';
import type { CfnJson } from './helpers/cfn.js';
import { tempDir } from './helpers/temp-dir.js';

const require = createRequire(import.meta.url);
const relayAsset = require.resolve('@tether/relay/asset');

type Resources = Record<string, { Type: string; Properties: CfnJson }>;

function synthDebugStack(): { template: Template; outdir: string } {
  const outdir = tempDir();
  const app = new App({ outdir });
  const stack = new TetherDebugStack(app, 'Debug', {
    appName: 'shop',
    stage: 'alice',
  });
  const template = Template.fromStack(stack);
  app.synth();
  return { template, outdir };
}

function ofType(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

function statementsOf(template: Template): CfnJson[] {
  const policies = Object.values(ofType(template, 'AWS::IAM::Policy'));
  return policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
}

describe('TetherDebugStack', () => {
  let template: Template;
  let outdir: string;

  beforeAll(() => {
    ({ template, outdir } = synthDebugStack());
  });

  it('names the stack after the app and stage', () => {
    const app = new App();

    const stack = new TetherDebugStack(app, 'Debug', {
      appName: 'shop',
      stage: 'alice',
    });

    expect(stack.stackName).toBe('TetherDebug-shop-alice');
  });

  it('makes an on-demand table keyed by pk with the expiresAt TTL', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
    });
  });

  it('makes an encrypted private bucket with a one-day payload expiry', () => {
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Delete',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({
              Prefix: 'payloads/',
              ExpirationInDays: 1,
              Status: 'Enabled',
            }),
          ],
        },
      },
    });
  });

  it('empties the bucket on removal', () => {
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 1);
  });

  it('denies requests to the bucket without TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('runs the relay on Node.js 22 arm64 with the table in TETHER_TABLE', () => {
    const [table] = Object.keys(ofType(template, 'AWS::DynamoDB::Table'));

    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Environment: { Variables: { TETHER_TABLE: { Ref: table } } },
    });
  });

  it("deploys @tether/relay's built asset as the relay's code", () => {
    const relay = Object.values(ofType(template, 'AWS::Lambda::Function'))
      .map((fn) => fn.Properties)
      .find((props) => props.Handler === 'index.handler' && props.Environment);
    const hash = String(relay?.Code.S3Key).replace('.zip', '');

    const staged = readFileSync(path.join(outdir, `asset.${hash}`, 'index.js'));

    expect(staged.equals(readFileSync(relayAsset))).toBe(true);
  });

  it('makes a WebSocket API routed on the body action', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      Name: 'tether-shop-alice',
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
    });
  });

  it("routes the relay's actions and ping, and nothing else", () => {
    const keys = Object.values(ofType(template, 'AWS::ApiGatewayV2::Route'))
      .map((route) => route.Properties.RouteKey)
      .sort();

    expect(keys).toEqual([...RELAY_ROUTES, KEEP_ALIVE_ROUTE].sort());
  });

  it('authorizes $connect with IAM and no other route', () => {
    const routes = Object.values(ofType(template, 'AWS::ApiGatewayV2::Route'));

    const types = Object.fromEntries(
      routes.map((r) => [
        r.Properties.RouteKey,
        r.Properties.AuthorizationType,
      ]),
    );

    expect(types.$connect).toBe('AWS_IAM');
    for (const [key, type] of Object.entries(types)) {
      if (key !== '$connect') expect(type).toBe('NONE');
    }
  });

  it('sends the relay routes to one Lambda proxy integration', () => {
    const integrations = ofType(template, 'AWS::ApiGatewayV2::Integration');
    const [proxyId] = Object.entries(integrations).find(
      ([, i]) => i.Properties.IntegrationType === 'AWS_PROXY',
    ) ?? [''];
    const routes = Object.values(ofType(template, 'AWS::ApiGatewayV2::Route'));

    const relayRoutes = routes.filter((r) =>
      (RELAY_ROUTES as readonly string[]).includes(r.Properties.RouteKey),
    );

    expect(relayRoutes).toHaveLength(RELAY_ROUTES.length);
    for (const route of relayRoutes) {
      expect(route.Properties.Target).toEqual({
        'Fn::Join': ['', ['integrations/', { Ref: proxyId }]],
      });
    }
  });

  it('answers ping with a mock integration', () => {
    const integrations = ofType(template, 'AWS::ApiGatewayV2::Integration');
    const [mockId, mock] = Object.entries(integrations).find(
      ([, i]) => i.Properties.IntegrationType === 'MOCK',
    ) ?? ['', undefined];
    const ping = Object.values(
      ofType(template, 'AWS::ApiGatewayV2::Route'),
    ).find((r) => r.Properties.RouteKey === 'ping');

    expect(mock?.Properties.RequestTemplates).toEqual({
      $default: '{"statusCode": 200}',
    });
    expect(ping?.Properties.Target).toEqual({
      'Fn::Join': ['', ['integrations/', { Ref: mockId }]],
    });
  });

  it('lets API Gateway invoke the relay for each relay route only', () => {
    const permissions = Object.values(
      ofType(template, 'AWS::Lambda::Permission'),
    );

    const suffixes = permissions.map((p) => {
      const parts = p.Properties.SourceArn['Fn::Join'][1];
      return parts[parts.length - 1];
    });

    for (const permission of permissions) {
      expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
    }
    expect(suffixes.sort()).toEqual(RELAY_ROUTES.map((r) => `/*${r}`).sort());
  });

  it('auto-deploys a stage named after the Tether stage', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: 'alice',
      AutoDeploy: true,
    });
  });

  it("grants the relay this table's item calls and this stage's connections", () => {
    const [table] = Object.keys(ofType(template, 'AWS::DynamoDB::Table'));
    const [api] = Object.keys(ofType(template, 'AWS::ApiGatewayV2::Api'));

    const statements = statementsOf(template).filter(
      (s) => !JSON.stringify(s.Action).includes('logs:'),
    );

    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: [
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
        ],
        Resource: { 'Fn::GetAtt': [table, 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: 'execute-api:ManageConnections',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':execute-api:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':',
              { Ref: api },
              '/alice/*/@connections/*',
            ],
          ],
        },
      },
    ]);
  });

  it("lets the relay write its own log group's logs only", () => {
    const [logs] = Object.keys(ofType(template, 'AWS::Logs::LogGroup'));
    const roles = Object.values(ofType(template, 'AWS::IAM::Role'));

    const relayRole = roles.find((r) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes(
        'lambda.amazonaws.com',
      ),
    );
    const logging = statementsOf(template).find((s) =>
      JSON.stringify(s.Action).includes('logs:'),
    );

    expect(relayRole?.Properties.ManagedPolicyArns).toBeUndefined();
    expect(logging).toEqual({
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': [logs, 'Arn'] },
    });
  });

  it('grants no wildcard action or resource in any allow', () => {
    const policies = [
      ...statementsOf(template),
      ...Object.values(ofType(template, 'AWS::S3::BucketPolicy')).flatMap(
        (p) => p.Properties.PolicyDocument.Statement,
      ),
    ].filter((s) => s.Effect === 'Allow');

    for (const statement of policies) {
      for (const action of [statement.Action].flat()) {
        expect(action).not.toMatch(/^\*$|^[a-z0-9-]+:\*$/);
      }
      expect([statement.Resource].flat()).not.toContain('*');
    }
  });

  it("passes CloudFormation's own template validation", () => {
    const report = JSON.parse(
      readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'),
    );

    expect(report.pluginReports).toEqual([]);
  });

  it('outputs the URL, API id, bucket and table under stable names', () => {
    const [api] = Object.keys(ofType(template, 'AWS::ApiGatewayV2::Api'));
    const [table] = Object.keys(ofType(template, 'AWS::DynamoDB::Table'));
    const [bucket] = Object.keys(ofType(template, 'AWS::S3::Bucket'));

    template.hasOutput(DEBUG_STACK_OUTPUTS.webSocketUrl, {
      Value: {
        'Fn::Join': ['', Match.arrayWith(['wss://', { Ref: api }, '/alice'])],
      },
    });
    template.hasOutput(DEBUG_STACK_OUTPUTS.apiId, { Value: { Ref: api } });
    template.hasOutput(DEBUG_STACK_OUTPUTS.bucketName, {
      Value: { Ref: bucket },
    });
    template.hasOutput(DEBUG_STACK_OUTPUTS.tableName, {
      Value: { Ref: table },
    });
  });
});

describe('TetherRelay', () => {
  it('grants Connect on $connect and payload access under payloads/', () => {
    const stack = new Stack(new App(), 'Any');
    const relay = new TetherRelay(stack, 'Relay', {
      appName: 'shop',
      stage: 'bob',
    });
    const role = new Role(stack, 'Client', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });

    relay.grantConnect(role);
    relay.grantPayloads(role);

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Client') }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'execute-api:Connect',
            Resource: {
              'Fn::Join': ['', Match.arrayWith(['/bob/$connect'])],
            },
          },
          {
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
            Resource: {
              'Fn::Join': ['', Match.arrayWith(['/payloads/*'])],
            },
          },
        ],
      },
    });
  });

  it('refuses an app name that is not a stack name part', () => {
    const stack = new Stack(new App(), 'Any');

    const build = () =>
      new TetherRelay(stack, 'Relay', { appName: 'my_app', stage: 'x' });

    expect(build).toThrow(
      expect.objectContaining({ code: 'INVALID_APP_NAME' }),
    );
  });

  it('refuses a stage name with a slash', () => {
    const stack = new Stack(new App(), 'Any');

    const build = () =>
      new TetherRelay(stack, 'Relay', { appName: 'shop', stage: 'a/b' });

    expect(build).toThrow(
      expect.objectContaining({ code: 'INVALID_STAGE_NAME' }),
    );
  });

  it('refuses a relay asset folder without index.js', () => {
    const stack = new Stack(new App(), 'Any');
    const empty = tempDir();

    const build = () =>
      new TetherRelay(stack, 'Relay', {
        appName: 'shop',
        stage: 'x',
        relayAssetDir: empty,
      });

    expect(build).toThrow(expect.objectContaining({ code: 'ASSET_NOT_FOUND' }));
  });
});
