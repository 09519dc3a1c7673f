import { CodecError } from '../errors.js';

/** A JSON object as read off the wire, before validation. */
export type Fields = Record<string, unknown>;

export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(where: string, name: string, expected: string): CodecError {
  return new CodecError(
    'INVALID_MESSAGE',
    `${where}: field "${name}" must be ${expected}`,
  );
}

/** A non-empty string: ids, names, keys. */
export function readName(fields: Fields, name: string, where: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw invalid(where, name, 'a non-empty string');
  }
  return value;
}

/** Any string, the empty one included: human text. */
export function readText(fields: Fields, name: string, where: string): string {
  const value = fields[name];
  if (typeof value !== 'string') throw invalid(where, name, 'a string');
  return value;
}

export function readOptionalName(
  fields: Fields,
  name: string,
  where: string,
): string | undefined {
  return fields[name] === undefined ? undefined : readName(fields, name, where);
}

/** A safe, non-negative integer: epoch milliseconds, sizes. */
export function readCount(fields: Fields, name: string, where: string): number {
  const value = fields[name];
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw invalid(where, name, 'a non-negative integer');
  }
  return value as number;
}

export function readNames(
  fields: Fields,
  name: string,
  where: string,
): string[] {
  const value = fields[name];
  const ok =
    Array.isArray(value) &&
    value.every((item) => typeof item === 'string' && item.length > 0);
  if (!ok) throw invalid(where, name, 'an array of non-empty strings');
  return [...(value as string[])];
}

export function readOptionalTexts(
  fields: Fields,
  name: string,
  where: string,
): string[] | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  const ok =
    Array.isArray(value) && value.every((item) => typeof item === 'string');
  if (!ok) throw invalid(where, name, 'an array of strings');
  return [...(value as string[])];
}

export function readRecord(
  fields: Fields,
  name: string,
  where: string,
): Fields {
  const value = fields[name];
  if (!isFields(value)) throw invalid(where, name, 'an object');
  return value;
}

/** An absolute http(s) URL: presigned store URLs. */
export function readUrl(fields: Fields, name: string, where: string): string {
  const value = fields[name];
  const ok =
    typeof value === 'string' &&
    URL.canParse(value) &&
    /^https?:$/.test(new URL(value).protocol);
  if (!ok) throw invalid(where, name, 'an http(s) URL');
  return value as string;
}

export function readOptionalUrl(
  fields: Fields,
  name: string,
  where: string,
): string | undefined {
  return fields[name] === undefined ? undefined : readUrl(fields, name, where);
}

/** Copies the defined entries only, so optional fields stay absent. */
export function withoutUndefined<T extends object>(value: T): T {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries) as T;
}
