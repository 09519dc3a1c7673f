import pc from 'picocolors';
import type { Colors } from 'picocolors/types.js';

/** The colour functions the renderers use; plain when colour is off. */
export type Palette = Colors;

/**
 * Decides whether to colour a stream: on a terminal unless `NO_COLOR` is
 * set, and always when `FORCE_COLOR` is set to something other than `0`.
 */
export function wantsColor(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv,
): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') {
    return env.FORCE_COLOR !== '0';
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}

/** A palette that colours when `enabled`, and returns text as is otherwise. */
export function createPalette(enabled: boolean): Palette {
  return pc.createColors(enabled);
}
