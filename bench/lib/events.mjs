import { randomBytes } from 'node:crypto';

/** The event sizes measured, in bytes of JSON. */
export const SIZES = [
  { key: '1KB', bytes: 1024 },
  { key: '32KB', bytes: 32 * 1024 },
  { key: '100KB', bytes: 100 * 1024 },
  { key: '1MB', bytes: 1024 * 1024 },
  { key: '5MB', bytes: 5 * 1024 * 1024 },
];

function record(n) {
  return {
    messageId: randomBytes(16).toString('hex'),
    eventSource: 'aws:sqs',
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: `${n}` },
    body: randomBytes(48).toString('hex'),
  };
}

/**
 * An SQS-like batch of records of about `bytes` bytes of JSON: half of it
 * random hex, so gzip shrinks it about as much as a real event (2 to 3
 * times), not to nothing. Echo returns it unchanged, so the result has
 * the same size.
 */
export function makeRequest(bytes) {
  const records = [];
  let size = 20;
  while (size < bytes) {
    const next = record(records.length);
    const length = JSON.stringify(next).length + 1;
    if (records.length > 0 && size + length > bytes) break;
    size += length;
    records.push(next);
  }
  const text = JSON.stringify({ Records: records });
  const body = Buffer.from(text);
  return {
    text,
    body,
    bytes: body.length,
    check: (answer) => answer.equals(body),
  };
}
