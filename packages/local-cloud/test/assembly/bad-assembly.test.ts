import {
  cp,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployAssembly } from '../../src/assembly/deploy-assembly.js';
import type { LocalCloud } from '../../src/index.js';
import { synthesizeInlineApp } from './fixtures/test-app.js';
import { collectingLogger, startTestCloud } from './helpers/test-host.js';

let root: string;
let good: string;
let clashing: string;
let cloud: LocalCloud;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tether-bad-assembly-'));
  good = synthesizeInlineApp(path.join(root, 'good'), { message: 'hi' });
  clashing = synthesizeInlineApp(path.join(root, 'clashing'), {
    message: 'hi',
    extra: true,
    duplicateName: true,
  });
  cloud = await startTestCloud();
}, 60_000);

afterAll(async () => {
  await cloud?.stop();
  await rm(root, { recursive: true, force: true });
});

let copies = 0;

async function copyWith(
  change: (dir: string) => Promise<void>,
): Promise<string> {
  copies += 1;
  const dir = path.join(root, `copy-${copies}`);
  await cp(good, dir, { recursive: true });
  await change(dir);
  return dir;
}

const TEMPLATE = 'Small.template.json';

type Editable = {
  Resources: Record<string, unknown>;
  Outputs: Record<string, { Value: unknown }>;
};

async function editTemplate(dir: string, edit: (t: Editable) => void) {
  const file = path.join(dir, TEMPLATE);
  const template = JSON.parse(await readFile(file, 'utf8'));
  edit(template);
  await writeFile(file, JSON.stringify(template));
}

describe('a bad assembly', () => {
  it.each([
    [
      'a template that is not JSON',
      'ASSEMBLY_MALFORMED',
      (dir: string) => writeFile(path.join(dir, TEMPLATE), '{ "Resources": '),
    ],
    [
      'a resource without a Type',
      'ASSEMBLY_MALFORMED',
      (dir: string) =>
        editTemplate(dir, (t) => {
          t.Resources.Broken = { Properties: {} };
        }),
    ],
    [
      'a missing staged asset',
      'ASSET_MISSING',
      async (dir: string) => {
        const assets = (await readdir(dir)).filter((f) =>
          f.startsWith('asset.'),
        );
        for (const asset of assets) {
          await rm(path.join(dir, asset), { recursive: true });
        }
      },
    ],
    [
      'a Ref to nothing',
      'UNRESOLVED_REFERENCE',
      (dir: string) =>
        editTemplate(dir, (t) => {
          (t.Outputs.Url as { Value: unknown }).Value = { Ref: 'NoSuchThing' };
        }),
    ],
    [
      'a malformed Fn::Join',
      'INTRINSIC_MALFORMED',
      (dir: string) =>
        editTemplate(dir, (t) => {
          (t.Outputs.Url as { Value: unknown }).Value = { 'Fn::Join': ['-'] };
        }),
    ],
  ])('refuses %s with %s and starts nothing', async (_what, code, change) => {
    const dir = await copyWith(change);

    const deploy = deployAssembly(cloud, dir);

    await expect(deploy).rejects.toMatchObject({ code });
    expect(cloud.lambda.listFunctions()).toEqual([]);
  });

  it('stops what a failing first deploy had started', async () => {
    const fresh = await startTestCloud();
    const common = {
      region: fresh.region,
      credentials: { ...fresh.credentials },
    };
    const tables = new DynamoDBClient({
      ...common,
      endpoint: fresh.endpoints.dynamodb,
    });
    const buckets = new S3Client({ ...common, endpoint: fresh.endpoints.s3 });

    const deploy = fresh.deployAssembly(clashing);

    await expect(deploy).rejects.toMatchObject({ code: 'DEPLOY_FAILED' });
    expect(fresh.lambda.listFunctions()).toEqual([]);
    const listed = await tables.send(new ListTablesCommand({}));
    expect(listed.TableNames).toEqual([]);
    const stored = await buckets.send(new ListBucketsCommand({}));
    expect(stored.Buckets ?? []).toEqual([]);
    tables.destroy();
    buckets.destroy();
    await fresh.stop();
  });

  it('refuses a directory without a manifest', async () => {
    const deploy = deployAssembly(cloud, path.join(root, 'nowhere'));

    await expect(deploy).rejects.toMatchObject({ code: 'ASSEMBLY_NOT_FOUND' });
  });

  it('warns about an unsupported type once and stands the rest up', async () => {
    const dir = await copyWith((d) =>
      editTemplate(d, (t) => {
        t.Resources.Topic1234 = { Type: 'AWS::SNS::Topic' };
        t.Resources.Custom5678 = {
          Type: 'Custom::Mine',
          Properties: { ServiceToken: 'arn:aws:lambda:x' },
        };
        t.Resources.Bucketed7 = {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Runtime: 'nodejs22.x',
            Handler: 'index.handler',
            Code: { S3Bucket: 'my-code', S3Key: 'releases/v1.zip' },
          },
        };
        t.Resources.Py9 = {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Runtime: 'python3.12',
            Handler: 'app.handler',
            Code: { ZipFile: 'def handler(e, c): return 1' },
          },
        };
      }),
    );
    const warnings: string[] = [];

    const app = await deployAssembly(cloud, dir, {
      logger: collectingLogger(warnings),
    });

    expect(warnings).toEqual([
      expect.stringMatching(
        /^local-cloud: AWS::SNS::Topic Topic1234 \(stack Small\): unsupported/,
      ),
      expect.stringMatching(
        /^local-cloud: Custom::Mine Custom5678 \(stack Small\): unsupported/,
      ),
      expect.stringMatching(
        /Bucketed7 \(stack Small\): its code \(s3:\/\/my-code\/releases\/v1.zip\) is no asset/,
      ),
      expect.stringMatching(
        /Py9 \(stack Small\): runtime python3.12 cannot run/,
      ),
    ]);
    expect(app.warnings).toHaveLength(4);
    expect(await (await fetch(app.apis[0]?.url as string)).text()).toBe('hi1');
  });

  it('warns that layers are left out and starts the function without them', async () => {
    const dir = await copyWith((d) =>
      editTemplate(d, (t) => {
        t.Resources.Layered1 = {
          Type: 'AWS::Lambda::Function',
          Properties: {
            FunctionName: 'layered',
            Runtime: 'nodejs22.x',
            Handler: 'index.handler',
            Code: { ZipFile: 'exports.handler = async () => 1;' },
            Layers: ['arn:aws:lambda:us-east-1:123456789012:layer:deps:3'],
          },
        };
      }),
    );
    const warnings: string[] = [];

    const app = await deployAssembly(cloud, dir, {
      logger: collectingLogger(warnings),
    });

    expect(warnings).toEqual([
      expect.stringMatching(
        /Layered1 \(stack Small\): its 1 layer is not available here/,
      ),
    ]);
    expect(app.functions.map((f) => f.name)).toContain('layered');
  });
});
