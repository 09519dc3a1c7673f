import { CodecError } from '../../src/index.js';

/** The code of the CodecError `action` throws; anything else is rethrown. */
export function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof CodecError) return error.code;
    throw error;
  }
  return undefined;
}

/** The code of the CodecError `action` rejects with. */
export async function asyncCodeOf(
  action: () => Promise<unknown>,
): Promise<string | undefined> {
  try {
    await action();
  } catch (error) {
    if (error instanceof CodecError) return error.code;
    throw error;
  }
  return undefined;
}
