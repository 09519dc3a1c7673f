import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { TetherError } from '../errors.js';

/** The packages whose built assets the constructs deploy. */
export const ASSET_PACKAGES = Object.freeze({
  stub: '@tether/stub/asset',
  relay: '@tether/relay/asset',
} as const);

/**
 * The folder holding a single-file Lambda asset (`index.js`): the override
 * when one is given, else the folder of the package's `./asset` export.
 *
 * @throws {TetherError} `ASSET_NOT_FOUND` when the folder has no `index.js`
 *   or the package does not export its asset.
 */
export function resolveAssetDir(
  specifier: string,
  override: string | undefined,
): string {
  const directory =
    override === undefined ? locatePackageAsset(specifier) : override;
  const file = path.join(directory, 'index.js');
  if (!existsSync(file)) {
    throw new TetherError(
      'ASSET_NOT_FOUND',
      `no built asset at ${file}: build ${specifier} first`,
    );
  }
  return path.resolve(directory);
}

function locatePackageAsset(specifier: string): string {
  try {
    // Not import.meta.resolve: loaders that turn this module into CommonJS
    // for a CommonJS app (tsx, ts-node, Jest) keep import.meta.url only.
    const resolve = createRequire(import.meta.url).resolve;
    return path.dirname(resolve(specifier));
  } catch (error) {
    throw new TetherError(
      'ASSET_NOT_FOUND',
      `cannot resolve ${specifier}: install and build it`,
      { cause: error },
    );
  }
}
