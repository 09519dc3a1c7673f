import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { guardFrameSize } from '../../src/websocket/frame-size-guard.js';

// A masked client frame with a payload of `length` bytes.
function frame(length: number): Buffer {
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([0x81, 0x80 | length]);
  } else if (length < 65536) {
    header = Buffer.alloc(4);
    header.writeUInt8(0x81, 0);
    header.writeUInt8(0x80 | 126, 1);
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(0x81, 0);
    header.writeUInt8(0x80 | 127, 1);
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, Buffer.alloc(4, 7), Buffer.alloc(length, 1)]);
}

function feed(bytes: Buffer, chunk: number, limit: number): boolean {
  const socket = new PassThrough();
  let oversize = false;
  guardFrameSize(socket, limit, () => {
    oversize = true;
  });
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    socket.emit('data', bytes.subarray(offset, offset + chunk));
  }
  return oversize;
}

describe('guardFrameSize', () => {
  it('lets frames within the limit pass, byte by byte', () => {
    const bytes = Buffer.concat([frame(10), frame(300), frame(1000)]);

    expect(feed(bytes, 1, 1000)).toBe(false);
  });

  it('finds an oversized frame behind smaller ones, in any chunking', () => {
    const bytes = Buffer.concat([frame(100), frame(200), frame(1001)]);

    const found = [1, 3, 7, 64, bytes.length].map((size) =>
      feed(bytes, size, 1000),
    );

    expect(found).toEqual([true, true, true, true, true]);
  });

  it('finds a message over the message limit across its frames', () => {
    const first = frame(600);
    first[0] = 0x01; // text, not final
    const last = frame(600);
    last[0] = 0x80; // continuation, final
    const ping = frame(10);
    ping[0] = 0x89;
    const socket = new PassThrough();
    let oversize = false;
    guardFrameSize(
      socket,
      1000,
      () => {
        oversize = true;
      },
      1100,
    );

    socket.emit('data', Buffer.concat([first, ping, last]));

    expect(oversize).toBe(true);
  });

  it('counts each message anew after its final frame', () => {
    const socket = new PassThrough();
    let oversize = false;
    guardFrameSize(
      socket,
      1000,
      () => {
        oversize = true;
      },
      1100,
    );

    socket.emit('data', Buffer.concat([frame(600), frame(600), frame(600)]));

    expect(oversize).toBe(false);
  });

  it('reads 64-bit lengths', () => {
    const header = frame(70_000).subarray(0, 14);

    expect(feed(header, 5, 65_536)).toBe(true);
  });
});
