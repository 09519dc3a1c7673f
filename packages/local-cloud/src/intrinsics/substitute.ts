import { AssemblyError } from '../errors.js';
import { type ResolveContext, resolveValue } from './resolve.js';

// `${Name}`, `${Resource.Attribute}`, and `${!Literal}` which stays as
// `${Literal}`: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-sub.html
const PLACEHOLDER = /\$\{([^}]*)\}/g;

/**
 * `Fn::Sub` in both forms: a string, or `[string, { Name: value }]` where
 * the map's names are looked up before the template's.
 *
 * @throws {AssemblyError} `INTRINSIC_MALFORMED` for a wrongly shaped
 * argument, `UNRESOLVED_REFERENCE` for an unknown name.
 */
export function substitute(argument: unknown, context: ResolveContext): string {
  const [template, variables] = splitArgument(argument);
  const values = new Map<string, unknown>();
  for (const [name, value] of Object.entries(variables)) {
    values.set(name, resolveValue(value, context));
  }
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    const value = values.has(name)
      ? values.get(name)
      : lookUp(name.trim(), context);
    if (typeof value === 'string' || typeof value === 'number') {
      return String(value);
    }
    throw new AssemblyError(
      'INTRINSIC_MALFORMED',
      `Fn::Sub: \${${name}} is not a string (${JSON.stringify(value)})`,
    );
  });
}

function splitArgument(argument: unknown): [string, Record<string, unknown>] {
  if (typeof argument === 'string') return [argument, {}];
  const valid =
    Array.isArray(argument) &&
    argument.length === 2 &&
    typeof argument[0] === 'string' &&
    typeof argument[1] === 'object' &&
    argument[1] !== null;
  if (!valid) {
    throw new AssemblyError(
      'INTRINSIC_MALFORMED',
      `Fn::Sub has a malformed argument: ${JSON.stringify(argument)}`,
    );
  }
  return [argument[0], argument[1]];
}

function lookUp(name: string, context: ResolveContext): unknown {
  const dot = name.indexOf('.');
  if (dot > 0 && !name.startsWith('AWS::')) {
    return context.getAtt(name.slice(0, dot), name.slice(dot + 1));
  }
  return context.ref(name);
}
