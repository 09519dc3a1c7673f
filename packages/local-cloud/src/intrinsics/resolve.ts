import { AssemblyError } from '../errors.js';
import { substitute } from './substitute.js';

/**
 * What the resolver asks of the template around it. Each lookup throws an
 * {@link AssemblyError} `UNRESOLVED_REFERENCE` when the name is unknown.
 */
export interface ResolveContext {
  /** `Ref`: a parameter, pseudo parameter or resource. */
  ref(name: string): unknown;
  /** `Fn::GetAtt`: an attribute of a resource of this template. */
  getAtt(logicalId: string, attribute: string): unknown;
  /** `Fn::ImportValue`: an export of a stack deployed before this one. */
  importValue(name: string): unknown;
  /** `Condition` / `Fn::If`: the value of a named condition. */
  condition(name: string): boolean;
  /** `Fn::FindInMap`: the template's Mappings section. */
  mappings?: Record<string, Record<string, Record<string, unknown>>>;
  /** `Fn::GetAZs`: the region's availability zones. */
  region?: string;
}

/** The value of `{ "Ref": "AWS::NoValue" }`: the property is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

type Intrinsic = (argument: unknown, context: ResolveContext) => unknown;

/**
 * Resolves every CloudFormation intrinsic in `value` as CloudFormation would
 * at deploy time, given the names in `context`.
 *
 * @throws {AssemblyError} `INTRINSIC_MALFORMED` for an intrinsic with a
 * wrongly shaped argument, `UNRESOLVED_REFERENCE` for an unknown name.
 * @example
 * resolveValue({ 'Fn::Join': ['-', ['a', { Ref: 'AWS::Region' }]] }, ctx);
 * // 'a-us-east-1'
 */
export function resolveValue(value: unknown, context: ResolveContext): unknown {
  if (Array.isArray(value)) {
    return value
      .map((item) => resolveValue(item, context))
      .filter((item) => item !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  const only = keys.length === 1 ? keys[0] : undefined;
  // Limitation: an intrinsic not in INTRINSICS (Fn::Cidr, Fn::Length…) is
  // left unresolved, as a plain object, rather than failing the deploy.
  const intrinsic = only === undefined ? undefined : INTRINSICS[only];
  if (only !== undefined && intrinsic !== undefined) {
    return intrinsic((value as Record<string, unknown>)[only], context);
  }
  const resolved: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const result = resolveValue(item, context);
    if (result !== NO_VALUE) resolved[key] = result;
  }
  return resolved;
}

function malformed(name: string, argument: unknown): AssemblyError {
  return new AssemblyError(
    'INTRINSIC_MALFORMED',
    `${name} has a malformed argument: ${JSON.stringify(argument)}`,
  );
}

function resolveString(
  name: string,
  value: unknown,
  context: ResolveContext,
): string {
  const resolved = resolveValue(value, context);
  if (typeof resolved === 'number' || typeof resolved === 'boolean') {
    return String(resolved);
  }
  if (typeof resolved !== 'string') throw malformed(name, value);
  return resolved;
}

function resolveList(
  name: string,
  value: unknown,
  context: ResolveContext,
): unknown[] {
  const resolved = resolveValue(value, context);
  if (!Array.isArray(resolved)) throw malformed(name, value);
  return resolved;
}

function argumentList(name: string, argument: unknown, length: number) {
  if (!Array.isArray(argument) || argument.length !== length) {
    throw malformed(name, argument);
  }
  return argument as unknown[];
}

function ref(argument: unknown, context: ResolveContext): unknown {
  const name = resolveString('Ref', argument, context);
  if (name === 'AWS::NoValue') return NO_VALUE;
  return context.ref(name);
}

function getAtt(argument: unknown, context: ResolveContext): unknown {
  if (typeof argument === 'string') {
    const dot = argument.indexOf('.');
    if (dot < 1) throw malformed('Fn::GetAtt', argument);
    return context.getAtt(argument.slice(0, dot), argument.slice(dot + 1));
  }
  const [id, attribute] = argumentList('Fn::GetAtt', argument, 2);
  if (typeof id !== 'string') throw malformed('Fn::GetAtt', argument);
  return context.getAtt(id, resolveString('Fn::GetAtt', attribute, context));
}

function join(argument: unknown, context: ResolveContext): string {
  const [delimiter, list] = argumentList('Fn::Join', argument, 2);
  if (typeof delimiter !== 'string') throw malformed('Fn::Join', argument);
  return resolveList('Fn::Join', list, context)
    .map((item) => {
      if (typeof item === 'string' || typeof item === 'number') {
        return String(item);
      }
      throw malformed('Fn::Join', argument);
    })
    .join(delimiter);
}

function select(argument: unknown, context: ResolveContext): unknown {
  const [index, list] = argumentList('Fn::Select', argument, 2);
  const position = Number(resolveValue(index, context));
  const items = resolveList('Fn::Select', list, context);
  if (!Number.isInteger(position) || position < 0) {
    throw malformed('Fn::Select', argument);
  }
  if (position >= items.length) throw malformed('Fn::Select', argument);
  return items[position];
}

function split(argument: unknown, context: ResolveContext): string[] {
  const [delimiter, source] = argumentList('Fn::Split', argument, 2);
  if (typeof delimiter !== 'string' || delimiter === '') {
    throw malformed('Fn::Split', argument);
  }
  return resolveString('Fn::Split', source, context).split(delimiter);
}

function ifThen(argument: unknown, context: ResolveContext): unknown {
  const [name, whenTrue, whenFalse] = argumentList('Fn::If', argument, 3);
  if (typeof name !== 'string') throw malformed('Fn::If', argument);
  return resolveValue(context.condition(name) ? whenTrue : whenFalse, context);
}

function equals(argument: unknown, context: ResolveContext): boolean {
  const [left, right] = argumentList('Fn::Equals', argument, 2);
  const a = resolveValue(left, context);
  const b = resolveValue(right, context);
  return JSON.stringify(a) === JSON.stringify(b) || String(a) === String(b);
}

function toBoolean(name: string, value: unknown, context: ResolveContext) {
  const resolved = resolveValue(value, context);
  if (resolved === true || resolved === 'true') return true;
  if (resolved === false || resolved === 'false') return false;
  throw malformed(name, value);
}

function conditionList(name: string, argument: unknown) {
  if (!Array.isArray(argument) || argument.length === 0) {
    throw malformed(name, argument);
  }
  return argument as unknown[];
}

function findInMap(argument: unknown, context: ResolveContext): unknown {
  const parts = argumentList('Fn::FindInMap', argument, 3).map((part) =>
    resolveString('Fn::FindInMap', part, context),
  );
  const [map, top, second] = parts as [string, string, string];
  const value = context.mappings?.[map]?.[top]?.[second];
  if (value === undefined) {
    throw new AssemblyError(
      'UNRESOLVED_REFERENCE',
      `Fn::FindInMap found nothing at ${parts.join('.')}`,
    );
  }
  return value;
}

function getAzs(argument: unknown, context: ResolveContext): string[] {
  const region = resolveValue(argument, context);
  const name = region === '' || typeof region !== 'string' ? '' : region;
  const base = name || context.region || 'us-east-1';
  return ['a', 'b', 'c'].map((zone) => `${base}${zone}`);
}

const INTRINSICS: Record<string, Intrinsic> = {
  Ref: ref,
  'Fn::GetAtt': getAtt,
  'Fn::Join': join,
  'Fn::Sub': substitute,
  'Fn::Select': select,
  'Fn::Split': split,
  'Fn::If': ifThen,
  'Fn::Equals': equals,
  'Fn::Not': (argument, context) =>
    !toBoolean('Fn::Not', argumentList('Fn::Not', argument, 1)[0], context),
  'Fn::And': (argument, context) =>
    conditionList('Fn::And', argument).every((item) =>
      toBoolean('Fn::And', item, context),
    ),
  'Fn::Or': (argument, context) =>
    conditionList('Fn::Or', argument).some((item) =>
      toBoolean('Fn::Or', item, context),
    ),
  Condition: (argument, context) => {
    if (typeof argument !== 'string') throw malformed('Condition', argument);
    return context.condition(argument);
  },
  'Fn::ImportValue': (argument, context) =>
    context.importValue(resolveString('Fn::ImportValue', argument, context)),
  'Fn::FindInMap': findInMap,
  'Fn::Base64': (argument, context) =>
    Buffer.from(resolveString('Fn::Base64', argument, context)).toString(
      'base64',
    ),
  'Fn::GetAZs': getAzs,
  'Fn::Contains': (argument, context) => {
    const [list, item] = argumentList('Fn::Contains', argument, 2);
    const wanted = resolveValue(item, context);
    return resolveList('Fn::Contains', list, context).includes(wanted);
  },
};
