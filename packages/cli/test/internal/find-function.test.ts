import { describe, expect, it } from 'vitest';
import { findFunction } from '../../src/internal/find-function.js';
import type { SessionFunction } from '../../src/internal/session-file.js';

const fn = (constructPath: string, name?: string): SessionFunction => ({
  id: constructPath.split('/').slice(1).join('/'),
  constructPath,
  stack: constructPath.split('/')[0] ?? '',
  logicalId: `${constructPath.replaceAll('/', '')}ABCD`,
  name,
  live: true,
});

const functions = [
  fn('Stack/Echo', 'stack-echo-1'),
  fn('Stack/Api/Hello'),
  fn('Other/Api/Hello'),
];

function codeOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('findFunction', () => {
  it('finds by construct path, live id, deployed name and logical id', () => {
    expect(findFunction(functions, 'Stack/Echo')).toBe(functions[0]);
    expect(findFunction(functions, 'Echo')).toBe(functions[0]);
    expect(findFunction(functions, 'stack-echo-1')).toBe(functions[0]);
    expect(findFunction(functions, 'StackEchoABCD')).toBe(functions[0]);
  });

  it('finds by the end of the construct path', () => {
    expect(findFunction([fn('Stack/Api/Hello')], 'Hello').constructPath).toBe(
      'Stack/Api/Hello',
    );
  });

  it('refuses an ambiguous name', () => {
    expect(codeOf(() => findFunction(functions, 'Api/Hello'))).toBe(
      'FUNCTION_NOT_FOUND',
    );
  });

  it('refuses an unknown name', () => {
    expect(codeOf(() => findFunction(functions, 'Nope'))).toBe(
      'FUNCTION_NOT_FOUND',
    );
  });
});
