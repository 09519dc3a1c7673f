import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The shared event fixtures, beside the clone as CI places them. */
export const FIXTURES_DIR = path.resolve(repoRoot, '../shared/fixtures/events');

export interface Fixture {
  name: string;
  bytes: Buffer;
}

/** Every JSON fixture file, read as bytes. */
export function readFixtures(): Fixture[] {
  const entries = readdirSync(FIXTURES_DIR, { recursive: true });
  return entries
    .map(String)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({
      name,
      bytes: readFileSync(path.join(FIXTURES_DIR, name)),
    }));
}

/** The fixture's value, or undefined when it is not valid JSON. */
export function parseFixture(fixture: Fixture): unknown {
  try {
    return JSON.parse(fixture.bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
