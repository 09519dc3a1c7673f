import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  createFilter,
  passesFilters,
} from '../../src/internal/pattern.js';

describe('compilePattern', () => {
  it.each([
    ['Api/*', 'Api/Hello', true],
    ['Api/*', 'Api/Admin/Users', false],
    ['Api/**', 'Api/Admin/Users', true],
    ['**/Users', 'Api/Admin/Users', true],
    ['Api/Hell?', 'Api/Hello', true],
    ['Api/Hell?', 'Api/Hell/', false],
    ['Api.Hello', 'ApiXHello', false],
    ['(Api)', '(Api)', true],
  ])('matches %s against %s: %s', (pattern, id, expected) => {
    const re = compilePattern(pattern);

    const matched = re.test(id);

    expect(matched).toBe(expected);
  });
});

describe('passesFilters', () => {
  it('includes everything when the include list is empty', () => {
    const filters = [createFilter([], [])];

    const passed = passesFilters(filters, 'Any/Thing');

    expect(passed).toBe(true);
  });

  it('lets an exclusion win over an inclusion', () => {
    const filters = [createFilter(['Api/**'], ['Api/Admin/*'])];

    const passed = passesFilters(filters, 'Api/Admin/Users');

    expect(passed).toBe(false);
  });

  it('needs every filter to pass', () => {
    const filters = [
      createFilter(['Api/*'], []),
      createFilter(['*/Hello'], []),
    ];

    const results = ['Api/Hello', 'Api/Bye'].map((id) =>
      passesFilters(filters, id),
    );

    expect(results).toEqual([true, false]);
  });
});
