/**
 * Synthetic SQS batch events of a chosen size. Ids, receipt handles and
 * digests are random, bodies are order documents with varied words and
 * numbers, so they compress about as well as real events do (a repeated
 * fixture would compress far better than anything real).
 */

const WORDS = [
  'order',
  'customer',
  'shipped',
  'pending',
  'express',
  'warehouse',
  'invoice',
  'refund',
  'Berlin',
  'Lisbon',
  'Ōsaka',
  'São Paulo',
  'coffee',
  'keyboard',
  'monitor',
  'cable',
  'notebook',
  'umbrella',
  'lamp',
  'chair',
];

/** mulberry32: a small seeded generator, so every run sees the same data. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(random: () => number, length: number): string {
  let text = '';
  while (text.length < length) {
    text += Math.floor(random() * 16).toString(16);
  }
  return text;
}

function base64ish(random: () => number, length: number): string {
  const alphabet =
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let text = '';
  while (text.length < length) {
    text += alphabet[Math.floor(random() * 64)];
  }
  return text;
}

function uuid(random: () => number): string {
  const h = hex(random, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

function orderBody(random: () => number): string {
  const pick = () => WORDS[Math.floor(random() * WORDS.length)];
  const lines = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({
    sku: `SKU-${hex(random, 6)}`,
    name: `${pick()} ${pick()}`,
    quantity: 1 + Math.floor(random() * 9),
    price: Math.round(random() * 100_000) / 100,
  }));
  const order = {
    orderId: uuid(random),
    customer: {
      id: hex(random, 12),
      city: pick(),
      note: `${pick()} ${pick()}`,
    },
    lines,
    placedAt: new Date(1.7e12 + Math.floor(random() * 1e10)).toISOString(),
  };
  return JSON.stringify(order);
}

function record(random: () => number) {
  return {
    messageId: uuid(random),
    receiptHandle: base64ish(random, 180),
    body: orderBody(random),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(1.7e12 + Math.floor(random() * 1e10)),
      SenderId: `AIDA${base64ish(random, 17).toUpperCase()}`,
      ApproximateFirstReceiveTimestamp: String(1.7e12),
    },
    messageAttributes: {},
    md5OfBody: hex(random, 32),
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:orders',
    awsRegion: 'eu-west-1',
  };
}

/**
 * An SQS event whose JSON text is `bytes` long, give or take a few bytes:
 * whole records, the last one's body cut to fit.
 */
export function sqsEventOfSize(bytes: number, seed = 1): unknown {
  const random = seeded(seed);
  const Records: unknown[] = [];
  const overhead = JSON.stringify({ Records: [] }).length;
  let size = overhead - 1;
  while (size < bytes) {
    const next = record(random);
    Records.push(next);
    size += JSON.stringify(next).length + 1;
  }
  const last = Records[Records.length - 1] as Record<string, string>;
  let excess = size - bytes;
  for (const field of ['body', 'receiptHandle', 'md5OfBody']) {
    const text = last[field] as string;
    const cut = Math.min(excess, text.length);
    last[field] = text.slice(0, text.length - cut);
    excess -= cut;
  }
  return { Records };
}
