import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { AssetCode } from 'aws-cdk-lib/aws-lambda';
import type { LiveFunctionSource } from '../live-manifest.js';
import type { LambdaPropsView } from './lambda-props.js';

/** A function's local source, or why it has none Tether can serve. */
export type SourceLookup =
  | { found: true; source: LiveFunctionSource }
  | { found: false; reason: string };

/**
 * Learns where a Node.js function's local source is. A `NodejsFunction`
 * reaches the injector with `entry` (when given) and with the asset code
 * it built, whose bundling options hold the resolved entry even when
 * `entry` was left to its default; any other function has an asset
 * directory.
 */
export function learnSource(props: LambdaPropsView): SourceLookup {
  const handler = props.handler ?? 'index.handler';
  const entry = bundledEntry(props.code) ?? declaredEntry(props.entry);
  if (entry !== undefined) {
    return checkLocal(entry, {
      kind: 'entry',
      entry,
      handler: handler.slice(handler.lastIndexOf('.') + 1),
    });
  }
  if (!(props.code instanceof AssetCode)) {
    return { found: false, reason: 'its code is not a local asset' };
  }
  if (bundlingOf(props.code) !== undefined) {
    return { found: false, reason: 'its asset is built by custom bundling' };
  }
  const directory = path.resolve(props.code.path);
  if (!isDirectory(directory)) {
    return { found: false, reason: 'its asset is not a directory' };
  }
  return checkLocal(directory, { kind: 'asset', directory, handler });
}

function checkLocal(where: string, source: LiveFunctionSource): SourceLookup {
  // A handler inside node_modules belongs to a library (CDK's own custom
  // resources among them): there is no source of the user's to run. A
  // workspace package is linked there from its real place outside.
  if (realPath(where).split(path.sep).includes('node_modules')) {
    return { found: false, reason: 'its source is inside node_modules' };
  }
  return { found: true, source };
}

function declaredEntry(entry: unknown): string | undefined {
  return typeof entry === 'string' ? path.resolve(entry) : undefined;
}

// NodejsFunction's bundling keeps its resolved options in `props`; this
// is the one place that reads below CDK's public API (see the README).
function bundledEntry(code: unknown): string | undefined {
  const bundling = bundlingOf(code) as { props?: { entry?: unknown } };
  const entry = bundling?.props?.entry;
  return typeof entry === 'string' ? path.resolve(entry) : undefined;
}

function bundlingOf(code: unknown): unknown {
  if (!(code instanceof AssetCode)) return undefined;
  const options = (code as unknown as { options?: { bundling?: unknown } })
    .options;
  return options?.bundling;
}

function realPath(where: string): string {
  try {
    return realpathSync(where);
  } catch {
    return where;
  }
}

function isDirectory(where: string): boolean {
  try {
    return statSync(where).isDirectory();
  } catch {
    return false;
  }
}
