/**
 * Where a spilled payload lives: an object in the payload store, gzip
 * bytes of the JSON, optionally with presigned URLs so that the reader
 * needs no store rights of its own.
 */
export interface SpilledRef {
  /** Object key, under `payloads/`. */
  key: string;
  /** Size of the stored gzip object in bytes. */
  bytes: number;
  /** Presigned GET URL of the object. */
  get?: string;
  /** Presigned DELETE URL, for the reader to tidy up after reading. */
  delete?: string;
  /** Presigned PUT URL (only where a writer is asked for a result). */
  put?: string;
}

/**
 * A JSON value on the wire: inline as base64 of gzip of the JSON text, or
 * spilled to the payload store.
 */
export type Payload = { inline: string } | { spilled: SpilledRef };

/**
 * Presigned URLs for one object the receiver may write a payload to (the
 * `result` of an `invoke`: the runner spills a big result there).
 */
export interface SpillTarget {
  /** Object key, under `payloads/`. */
  key: string;
  /** Presigned PUT URL. */
  put: string;
  /** Presigned GET URL, passed on to the reader. */
  get: string;
  /** Presigned DELETE URL, passed on to the reader. */
  delete: string;
}
