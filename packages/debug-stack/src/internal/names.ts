import { TetherError } from '../errors.js';

const APP_NAME = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;
const STAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;

/**
 * Checks an app name: it becomes part of stack and API names.
 * @throws {TetherError} `INVALID_APP_NAME`
 */
export function validateAppName(name: string): void {
  if (!APP_NAME.test(name)) {
    throw new TetherError(
      'INVALID_APP_NAME',
      `app name ${JSON.stringify(name)} must be 1 to 64 letters, digits ` +
        'and hyphens, starting with a letter',
    );
  }
}

/**
 * Checks a stage name: it becomes part of the stack name and the API stage.
 * @throws {TetherError} `INVALID_STAGE_NAME`
 */
export function validateStageName(name: string): void {
  if (!STAGE_NAME.test(name)) {
    throw new TetherError(
      'INVALID_STAGE_NAME',
      `stage name ${JSON.stringify(name)} must be 1 to 32 letters, ` +
        'digits and hyphens, starting with a letter or digit',
    );
  }
}

/** The debug stack's id and CloudFormation name for an app and stage. */
export function debugStackName(app: string, stage: string): string {
  return `TetherDebug-${app}-${stage}`;
}
