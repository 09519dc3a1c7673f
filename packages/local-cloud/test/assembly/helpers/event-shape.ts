import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../..',
);

/** A sample event of ../shared/fixtures/events, parsed. */
export function readSample(name: string): Record<string, unknown> {
  const file = path.resolve(repoRoot, '../shared/fixtures/events', name);
  return JSON.parse(readFileSync(file, 'utf8'));
}

type Json = Record<string, unknown>;

function kind(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function isObject(value: unknown): value is Json {
  return kind(value) === 'object';
}

/**
 * Compares an event with AWS samples field by field, recursively: every
 * field of the first sample is there (unless listed in `absent`, such as
 * mTLS `authentication`), with the same JSON type (`null` matches any);
 * and every field of the event appears in one of the samples.
 */
export function expectEventLike(
  event: Json,
  samples: Json[],
  absent: string[] = [],
  at = '',
): void {
  const [first = {}] = samples;
  for (const [key, value] of Object.entries(first)) {
    const where = `${at}${key}`;
    if (absent.includes(where)) continue;
    expect(event, `missing ${where}`).toHaveProperty([key]);
    const mine = event[key];
    if (mine !== null && value !== null) {
      expect(kind(mine), `type of ${where}`).toBe(kind(value));
    }
  }
  for (const [key, value] of Object.entries(event)) {
    const where = `${at}${key}`;
    const known = samples.filter((sample) => key in sample);
    expect(known.length, `${where} is in no sample`).toBeGreaterThan(0);
    const nested = known.map((s) => s[key]).filter(isObject);
    const dictionary = /headers|Parameters|stageVariables|authorizer$|claims/i;
    if (isObject(value) && nested.length > 0 && !dictionary.test(key)) {
      expectEventLike(value, nested, absent, `${where}.`);
    }
  }
}
