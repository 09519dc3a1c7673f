import {
  type BinaryLike,
  createHash,
  createHmac,
  type Hash,
  type Hmac,
} from 'node:crypto';

type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBinary(data: SourceData): BinaryLike {
  if (typeof data === 'string') {
    return data;
  }
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  return new Uint8Array(data);
}

/**
 * SHA-256, or HMAC-SHA-256 when given a secret, from Node's crypto, in the
 * shape `@smithy/signature-v4` takes (the pure-JavaScript one is several
 * times slower on the message bodies the @connections API checks).
 */
export class NodeSha256 {
  readonly #secret: SourceData | undefined;
  #hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.#secret = secret;
    this.#hash = this.#create();
  }

  update(data: SourceData): void {
    this.#hash.update(toBinary(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }

  reset(): void {
    this.#hash = this.#create();
  }

  #create(): Hash | Hmac {
    return this.#secret === undefined
      ? createHash('sha256')
      : createHmac('sha256', toBinary(this.#secret));
  }
}
