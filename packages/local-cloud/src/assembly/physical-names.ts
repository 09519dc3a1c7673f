import { createHash } from 'node:crypto';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A stable pseudo-random id made from `seed`, so a second deploy of the same
 * resource gets the same name (CloudFormation keeps names across updates).
 */
export function stableId(seed: string, length: number, lower = false): string {
  const alphabet = lower ? LOWER : UPPER;
  const digest = createHash('sha256').update(seed).digest();
  let id = '';
  for (let i = 0; i < length; i += 1) {
    id += alphabet[(digest[i] ?? 0) % alphabet.length];
  }
  return id;
}

/** How long a name may be, and whether it must be lower case. */
export interface NameRule {
  maxLength: number;
  lower?: boolean;
}

/**
 * A physical name as CloudFormation generates one: `stack-logicalId-SUFFIX`,
 * the stack and logical id shortened to fit `rule.maxLength`.
 *
 * @example
 * physicalName('Api', 'Hello4A628BD4', { maxLength: 64 });
 * // 'Api-Hello4A628BD4-1B2C3D4E5F6G'
 */
export function physicalName(
  stackName: string,
  logicalId: string,
  rule: NameRule,
): string {
  const suffix = stableId(`${stackName}/${logicalId}`, 12, rule.lower);
  const room = rule.maxLength - suffix.length - 2;
  const stackRoom = Math.min(stackName.length, Math.floor(room / 2));
  const stack = stackName.slice(0, stackRoom);
  const logical = logicalId.slice(0, room - stack.length);
  const name = `${stack}-${logical}-${suffix}`;
  return rule.lower ? name.toLowerCase() : name;
}
