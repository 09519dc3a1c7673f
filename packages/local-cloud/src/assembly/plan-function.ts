import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { AssemblyError } from '../errors.js';
import type { FunctionPlan } from './plan-types.js';
import { type StackArtifact, toConstructPath } from './read-assembly.js';
import type { ResolvedResource } from './resolve-stack.js';

// Lambda's own defaults for properties a template leaves out.
const LAMBDA_DEFAULTS = Object.freeze({ timeout: 3, memorySize: 128 });

/**
 * The plan of one AWS::Lambda::Function: its code (a staged asset directory
 * found from the S3 key CDK wrote, or inline `ZipFile` source), handler,
 * runtime, environment, timeout and memory; or, for code that is no asset
 * of the assembly (an S3 object of its own), why it is not started.
 *
 * @throws {AssemblyError} `ASSET_MISSING` when the asset is not staged in
 * the assembly, `ASSEMBLY_MALFORMED` for a function without handler or code.
 */
export function planFunction(
  resource: ResolvedResource,
  stack: StackArtifact,
): FunctionPlan | string {
  const props = resource.properties;
  const where = `${resource.stackName}/${resource.logicalId}`;
  const code = codeOf(props.Code, stack, where);
  if (typeof code === 'string') return code;
  if (typeof props.Handler !== 'string' || typeof props.Runtime !== 'string') {
    throw new AssemblyError(
      'ASSEMBLY_MALFORMED',
      `${where}: a function needs Handler and Runtime`,
    );
  }
  const variables = (props.Environment as { Variables?: unknown } | undefined)
    ?.Variables;
  const environment = stringMap(variables);
  const plan = {
    key: where,
    stackName: resource.stackName,
    logicalId: resource.logicalId,
    name: resource.identity.ref,
    arn: String(resource.identity.attributes.Arn),
    constructPath: constructPathOf(resource, stack),
    code,
    handler: props.Handler,
    runtime: props.Runtime,
    environment,
    timeout: Number(props.Timeout ?? LAMBDA_DEFAULTS.timeout),
    memorySize: Number(props.MemorySize ?? LAMBDA_DEFAULTS.memorySize),
    reservedConcurrency:
      props.ReservedConcurrentExecutions === undefined
        ? null
        : Number(props.ReservedConcurrentExecutions),
    live: 'TETHER_FUNCTION_ID' in environment,
  };
  return { ...plan, fingerprint: JSON.stringify(plan) };
}

/** The construct path from `aws:cdk:path` metadata or the manifest. */
export function constructPathOf(
  resource: ResolvedResource,
  stack: StackArtifact,
): string {
  const fromTemplate = resource.metadata['aws:cdk:path'];
  if (typeof fromTemplate === 'string') return toConstructPath(fromTemplate);
  return (
    stack.constructPaths.get(resource.logicalId) ??
    `${resource.stackName}/${resource.logicalId}`
  );
}

function stringMap(value: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return map;
  for (const [key, item] of Object.entries(value)) {
    map[key] = typeof item === 'string' ? item : JSON.stringify(item);
  }
  return map;
}

function codeOf(
  code: unknown,
  stack: StackArtifact,
  where: string,
): FunctionPlan['code'] | string {
  const props = (code ?? {}) as Record<string, unknown>;
  if (typeof props.ZipFile === 'string') {
    return { kind: 'inline', source: props.ZipFile };
  }
  if (typeof props.ImageUri === 'string') {
    return 'container images cannot run here: not started';
  }
  if (typeof props.S3Key !== 'string') {
    throw new AssemblyError(
      'ASSEMBLY_MALFORMED',
      `${where}: Code has neither S3Key, ZipFile nor ImageUri`,
    );
  }
  const file = path.posix.basename(props.S3Key);
  const hash = file.replace(/\.[^.]*$/, '');
  const asset = stack.assets.get(hash);
  if (!asset) {
    return `its code (s3://${String(props.S3Bucket)}/${props.S3Key}) is no asset of this assembly: not started`;
  }
  const directory = asset.path;
  if (!existsSync(directory)) {
    throw new AssemblyError(
      'ASSET_MISSING',
      `${where}: the code asset ${props.S3Key} is not staged in the assembly (expected ${directory}); run cdk synth again`,
    );
  }
  if (!statSync(directory).isDirectory()) {
    return `its code asset ${directory} is a file; only directory assets run here: not started`;
  }
  return { kind: 'directory', directory };
}
