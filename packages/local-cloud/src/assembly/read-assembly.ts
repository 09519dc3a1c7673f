import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AssemblyError } from '../errors.js';
import type { Template } from './template.js';

/** Where a file asset was staged in the assembly directory. */
export interface StagedAsset {
  /** Absolute path of the staged directory or file. */
  path: string;
  /** `zip` for a directory (Lambda code), `file` for a single file. */
  packaging: string;
}

/** One stack of the assembly with everything needed to stand it up. */
export interface StackArtifact {
  /** The artifact id in manifest.json. */
  id: string;
  /** The CloudFormation stack name. */
  stackName: string;
  template: Template;
  /** Ids of the stacks this one depends on (asset artifacts left out). */
  dependencies: string[];
  /** Staged file assets by hash (and, for old synthesizers, by id). */
  assets: Map<string, StagedAsset>;
  /** Values of old-style asset parameters (`AssetParameters…`). */
  assetParameters: Record<string, string>;
  /** Construct path of each logical id, from the manifest's metadata. */
  constructPaths: Map<string, string>;
}

interface Artifact {
  type?: string;
  properties?: Record<string, unknown>;
  dependencies?: string[];
  metadata?: Record<string, Array<{ type?: string; data?: unknown }>>;
  additionalMetadataFile?: string;
  displayName?: string;
}

/**
 * Reads a cloud assembly (the directory `cdk synth` writes): its manifest,
 * each stack's template, staged assets and metadata, nested assemblies
 * (stages) included. Stacks come back in an order where each follows those
 * it depends on.
 *
 * @throws {AssemblyError} `ASSEMBLY_NOT_FOUND` when there is no manifest,
 * `ASSEMBLY_MALFORMED` for unreadable JSON, a template without resources or
 * a dependency cycle.
 * @example
 * const stacks = readAssembly('cdk.out');
 */
export function readAssembly(directory: string): StackArtifact[] {
  const dir = path.resolve(directory);
  const manifestPath = path.join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new AssemblyError(
      'ASSEMBLY_NOT_FOUND',
      `no cloud assembly at ${dir}: manifest.json is missing (run cdk synth)`,
    );
  }
  const stacks = readStacks(dir);
  return orderStacks(stacks);
}

function readStacks(dir: string): StackArtifact[] {
  const manifest = readJson(path.join(dir, 'manifest.json')) as {
    artifacts?: Record<string, Artifact>;
  };
  const artifacts = manifest.artifacts ?? {};
  const stacks: StackArtifact[] = [];
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (artifact.type === 'aws:cloudformation:stack') {
      stacks.push(readStack(dir, id, artifact, artifacts));
    } else if (artifact.type === 'cdk:cloud-assembly') {
      const nested = String(artifact.properties?.directoryName ?? '');
      stacks.push(...readStacks(path.join(dir, nested)));
    }
  }
  return stacks;
}

function readStack(
  dir: string,
  id: string,
  artifact: Artifact,
  artifacts: Record<string, Artifact>,
): StackArtifact {
  const properties = artifact.properties ?? {};
  const templatePath = path.join(dir, String(properties.templateFile));
  const template = readJson(templatePath) as Template;
  checkTemplate(template, templatePath);
  const metadata = readMetadata(dir, artifact);
  const assets = new Map<string, StagedAsset>();
  const dependencies: string[] = [];
  for (const dependency of artifact.dependencies ?? []) {
    const other = artifacts[dependency];
    if (other?.type === 'cdk:asset-manifest') {
      readAssetManifest(dir, other, assets);
    } else if (other?.type === 'aws:cloudformation:stack') {
      dependencies.push(dependency);
    }
  }
  const assetParameters = readLegacyAssets(dir, metadata, assets);
  return {
    id,
    stackName: String(properties.stackName ?? id),
    template,
    dependencies,
    assets,
    assetParameters,
    constructPaths: readConstructPaths(metadata),
  };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new AssemblyError(
      'ASSEMBLY_MALFORMED',
      `cannot read ${file}: ${(cause as Error).message}`,
      { cause },
    );
  }
}

function checkTemplate(template: Template, file: string): void {
  const resources = template?.Resources;
  const valid =
    typeof resources === 'object' &&
    resources !== null &&
    Object.values(resources).every(
      (resource) =>
        typeof resource === 'object' &&
        resource !== null &&
        typeof resource.Type === 'string',
    );
  if (!valid) {
    throw new AssemblyError(
      'ASSEMBLY_MALFORMED',
      `${file} is not a CloudFormation template: every resource needs a Type`,
    );
  }
}

type Metadata = NonNullable<Artifact['metadata']>;

function readMetadata(dir: string, artifact: Artifact): Metadata {
  const inline = artifact.metadata ?? {};
  if (!artifact.additionalMetadataFile) return inline;
  const file = path.join(dir, artifact.additionalMetadataFile);
  return { ...inline, ...(readJson(file) as Metadata) };
}

function readAssetManifest(
  dir: string,
  artifact: Artifact,
  assets: Map<string, StagedAsset>,
): void {
  const file = path.join(dir, String(artifact.properties?.file));
  const manifest = readJson(file) as {
    files?: Record<string, { source?: { path?: string; packaging?: string } }>;
  };
  for (const [hash, entry] of Object.entries(manifest.files ?? {})) {
    if (!entry.source?.path) continue;
    assets.set(hash, {
      path: path.join(dir, entry.source.path),
      packaging: entry.source.packaging ?? 'file',
    });
  }
}

interface LegacyAsset {
  path?: string;
  id?: string;
  packaging?: string;
  s3BucketParameter?: string;
  s3KeyParameter?: string;
  artifactHashParameter?: string;
}

// Synthesizers before the default one passed asset locations as parameters;
// the key parameter holds `prefix||key`.
function readLegacyAssets(
  dir: string,
  metadata: Metadata,
  assets: Map<string, StagedAsset>,
): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const entries of Object.values(metadata)) {
    for (const entry of entries) {
      if (entry.type !== 'aws:cdk:asset') continue;
      const asset = entry.data as LegacyAsset;
      if (!asset.id || !asset.path) continue;
      assets.set(asset.id, {
        path: path.join(dir, asset.path),
        packaging: asset.packaging ?? 'zip',
      });
      if (asset.s3BucketParameter) {
        parameters[asset.s3BucketParameter] = 'local-cloud-assets';
      }
      if (asset.s3KeyParameter) {
        parameters[asset.s3KeyParameter] = `||${asset.id}.zip`;
      }
      if (asset.artifactHashParameter) {
        parameters[asset.artifactHashParameter] = asset.id;
      }
    }
  }
  return parameters;
}

function readConstructPaths(metadata: Metadata): Map<string, string> {
  const paths = new Map<string, string>();
  for (const [key, entries] of Object.entries(metadata)) {
    for (const entry of entries) {
      if (
        entry.type === 'aws:cdk:logicalId' &&
        typeof entry.data === 'string'
      ) {
        paths.set(entry.data, toConstructPath(key));
      }
    }
  }
  return paths;
}

/**
 * The construct path of a resource from its metadata path: the leading `/`
 * and the trailing `/Resource` of L2 constructs removed.
 */
export function toConstructPath(metadataPath: string): string {
  return metadataPath.replace(/^\//, '').replace(/\/Resource$/, '');
}

function orderStacks(stacks: StackArtifact[]): StackArtifact[] {
  const byId = new Map(stacks.map((stack) => [stack.id, stack]));
  const ordered: StackArtifact[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (stack: StackArtifact): void => {
    const seen = state.get(stack.id);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      throw new AssemblyError(
        'ASSEMBLY_MALFORMED',
        `stack dependency cycle through ${stack.id}`,
      );
    }
    state.set(stack.id, 'visiting');
    for (const dependency of stack.dependencies) {
      const other = byId.get(dependency);
      if (other) visit(other);
    }
    state.set(stack.id, 'done');
    ordered.push(stack);
  };
  for (const stack of stacks) visit(stack);
  return ordered;
}
