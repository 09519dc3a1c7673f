import type { Duplex } from 'node:stream';

// The longest frame header: 2 bytes, an 8-byte length, a 4-byte mask key.
// https://www.rfc-editor.org/rfc/rfc6455#section-5.2
const MAX_HEADER = 14;

interface FrameHeader {
  readonly headerLength: number;
  readonly payloadLength: number;
  /** The last frame of a message. */
  readonly final: boolean;
  /** Ping, pong or close: not part of a message. */
  readonly control: boolean;
}

function readFrameHeader(bytes: Buffer): FrameHeader | undefined {
  if (bytes.length < 2) {
    return undefined;
  }
  const first = bytes[0] as number;
  const second = bytes[1] as number;
  const short = second & 0x7f;
  const extended = short === 126 ? 2 : short === 127 ? 8 : 0;
  const headerLength = 2 + extended + (second & 0x80 ? 4 : 0);
  if (bytes.length < headerLength) {
    return undefined;
  }
  let payloadLength = short;
  if (short === 126) {
    payloadLength = bytes.readUInt16BE(2);
  } else if (short === 127) {
    payloadLength = Number(bytes.readBigUInt64BE(2));
  }
  const final = (first & 0x80) !== 0;
  return { headerLength, payloadLength, final, control: (first & 0x08) !== 0 };
}

/**
 * Watches the frames a client sends on a raw socket and calls `onOversize`
 * at the header of the first frame whose payload is over `limit` bytes, or
 * that brings its message over `messageLimit`. `ws` only bounds whole
 * messages, and closes without a reason, while API Gateway bounds each
 * frame as well. The listener is prepended, so it sees each chunk before
 * `ws` does. A small state machine: it skips payloads and reassembles
 * headers that straddle chunks. Returns a function that stops watching.
 */
export function guardFrameSize(
  socket: Duplex,
  limit: number,
  onOversize: () => void,
  messageLimit = Number.POSITIVE_INFINITY,
): () => void {
  let pending = Buffer.alloc(0);
  let skip = 0;
  let message = 0;
  const stop = () => socket.off('data', onData);
  function onData(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (skip > 0) {
        const step = Math.min(skip, chunk.length - offset);
        skip -= step;
        offset += step;
        continue;
      }
      const take = Math.min(MAX_HEADER - pending.length, chunk.length - offset);
      pending = Buffer.concat([pending, chunk.subarray(offset, offset + take)]);
      offset += take;
      const header = readFrameHeader(pending);
      if (header === undefined) {
        continue;
      }
      if (!header.control) message += header.payloadLength;
      if (header.payloadLength > limit || message > messageLimit) {
        stop();
        onOversize();
        return;
      }
      if (header.final && !header.control) message = 0;
      // Bytes read past the header belong to the payload: hand them back.
      offset -= pending.length - header.headerLength;
      skip = header.payloadLength;
      pending = Buffer.alloc(0);
    }
  }
  socket.prependListener('data', onData);
  return stop;
}
