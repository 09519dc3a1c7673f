import { writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { ChildMessage } from './messages.js';

type Stream = 'stdout' | 'stderr';

/** Output is sent in pieces of about this size, so no message is huge. */
const FLUSH_BYTES = 64 * 1024;

/** What {@link captureOutput} returns. */
export interface OutputCapture {
  /** Sends what is buffered now, before a result, so it arrives first. */
  flush(): void;
}

/**
 * Sends what the handler writes to process.stdout and process.stderr to
 * the parent over IPC, in order with the invocation's result: output and
 * result share one channel, so output always reaches the parent before
 * the result it precedes. Writes that bypass the streams (native code,
 * child processes) still go through the real pipes.
 */
export function captureOutput(send: (message: ChildMessage) => void) {
  let queue: { stream: Stream; text: string }[] = [];
  let queued = 0;
  let scheduled = false;

  const flush = (): void => {
    scheduled = false;
    const pieces = queue;
    queue = [];
    queued = 0;
    for (const piece of pieces) {
      send({ type: 'output', stream: piece.stream, text: piece.text });
    }
  };

  const push = (stream: Stream, text: string): void => {
    const last = queue[queue.length - 1];
    if (last && last.stream === stream && last.text.length < FLUSH_BYTES) {
      last.text += text;
    } else {
      queue.push({ stream, text });
    }
    queued += text.length;
    if (queued >= FLUSH_BYTES) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };

  patchStream(process.stdout, 'stdout', push);
  patchStream(process.stderr, 'stderr', push);
  // At exit no message can be sent any more: what is left goes through
  // the pipes, which the parent reads until the process is gone.
  process.on('exit', () => {
    for (const piece of queue) {
      writeSync(piece.stream === 'stdout' ? 1 : 2, piece.text);
    }
    queue = [];
  });
  return { flush } satisfies OutputCapture;
}

// As on a real stream, the encoding says how a string is to be turned
// into bytes ('base64', 'hex'); it does not apply to bytes. A UTF-8 string
// (the common case: console.log) skips the round trip through bytes.
function decode(
  decoder: StringDecoder,
  chunk: string | Uint8Array,
  encoding: unknown,
): string {
  const named = typeof encoding === 'string' ? encoding : 'utf8';
  if (typeof chunk !== 'string') {
    const { buffer, byteOffset, byteLength } = chunk;
    return decoder.write(Buffer.from(buffer, byteOffset, byteLength));
  }
  if (named === 'utf8' || named === 'utf-8') return decoder.end() + chunk;
  return decoder.write(Buffer.from(chunk, named as BufferEncoding));
}

function patchStream(
  stream: NodeJS.WriteStream,
  name: Stream,
  push: (stream: Stream, text: string) => void,
): void {
  // Bytes are decoded as one stream, as a pipe would carry them: a
  // character split across two writes arrives whole.
  const decoder = new StringDecoder('utf8');
  const write = (
    chunk: string | Uint8Array,
    encoding?: BufferEncoding | ((error?: Error | null) => void),
    callback?: (error?: Error | null) => void,
  ): boolean => {
    const text = decode(decoder, chunk, encoding);
    if (text !== '') push(name, text);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (done) process.nextTick(done);
    return true;
  };
  stream.write = write as NodeJS.WriteStream['write'];
}
