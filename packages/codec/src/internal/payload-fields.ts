import { CodecError } from '../errors.js';
import type { Payload, SpilledRef, SpillTarget } from '../payload.js';
import {
  type Fields,
  isFields,
  readCount,
  readName,
  readOptionalUrl,
  readUrl,
  withoutUndefined,
} from './fields.js';

function readSpilledRef(fields: Fields, where: string): SpilledRef {
  return withoutUndefined({
    key: readName(fields, 'key', where),
    bytes: readCount(fields, 'bytes', where),
    get: readOptionalUrl(fields, 'get', where),
    delete: readOptionalUrl(fields, 'delete', where),
    put: readOptionalUrl(fields, 'put', where),
  });
}

/** Reads a `Payload`: exactly one of `inline` and `spilled`. */
export function readPayloadField(
  fields: Fields,
  name: string,
  where: string,
): Payload {
  const value = fields[name];
  const at = `${where}.${name}`;
  if (isFields(value) && typeof value.inline === 'string') {
    if (value.spilled === undefined) return { inline: value.inline };
  } else if (isFields(value) && isFields(value.spilled)) {
    if (value.inline === undefined) {
      return { spilled: readSpilledRef(value.spilled, `${at}.spilled`) };
    }
  }
  throw new CodecError(
    'INVALID_MESSAGE',
    `${where}: field "${name}" must be { inline: string } or { spilled: { key, bytes } }`,
  );
}

/** Reads an optional `SpillTarget`: key and the three presigned URLs. */
export function readOptionalSpillTarget(
  fields: Fields,
  name: string,
  where: string,
): SpillTarget | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  const at = `${where}.${name}`;
  if (!isFields(value)) {
    throw new CodecError(
      'INVALID_MESSAGE',
      `${where}: field "${name}" must be an object`,
    );
  }
  return {
    key: readName(value, 'key', at),
    put: readUrl(value, 'put', at),
    get: readUrl(value, 'get', at),
    delete: readUrl(value, 'delete', at),
  };
}
