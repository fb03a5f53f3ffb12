/**
 * The RouterOS API wire format: a sentence is a list of words closed by an empty word, and every
 * word is its byte length (1 to 5 bytes, most significant first) followed by its bytes.
 *
 * Words travel as bytes; they are held here as latin1 strings so that whatever encoding a client
 * uses (node-routeros sends win1252) comes back to it byte for byte.
 */

export type Sentence = string[];

/** First-byte values from 0xF8 up are reserved control bytes that no RouterOS version sends. */
const FIRST_CONTROL_BYTE = 0xf8;

export function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  if (length < 0x4000) return Buffer.from([(length >>> 8) | 0x80, length & 0xff]);
  if (length < 0x200000) return Buffer.from([(length >>> 16) | 0xc0, (length >>> 8) & 0xff, length & 0xff]);
  if (length < 0x10000000) {
    return Buffer.from([(length >>> 24) | 0xe0, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff]);
  }
  return Buffer.from([0xf0, (length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff]);
}

/** Bytes the length prefix takes, known from its first byte alone. */
export function lengthPrefixSize(firstByte: number): number {
  if (firstByte < 0x80) return 1;
  if (firstByte < 0xc0) return 2;
  if (firstByte < 0xe0) return 3;
  if (firstByte < 0xf0) return 4;
  if (firstByte < FIRST_CONTROL_BYTE) return 5;
  throw new ProtocolError(`reserved control byte 0x${firstByte.toString(16)} where a word length was expected`);
}

/** Reads a complete length prefix (exactly `lengthPrefixSize(prefix[0])` bytes). */
export function decodeLength(prefix: Buffer): number {
  const size = lengthPrefixSize(prefix[0]);
  if (size === 1) return prefix[0];
  if (size === 5) return prefix.readUInt32BE(1);
  const masks = [0, 0, 0x3f, 0x1f, 0x0f];
  let length = prefix[0] & masks[size];
  for (let i = 1; i < size; i++) length = length * 256 + prefix[i];
  return length;
}

function encodeWord(word: string): Buffer {
  const bytes = Buffer.from(word, "latin1");
  return Buffer.concat([encodeLength(bytes.length), bytes]);
}

export function encodeSentence(words: readonly string[]): Buffer {
  return Buffer.concat([...words.map(encodeWord), Buffer.from([0])]);
}

export class ProtocolError extends Error {}

/**
 * Turns a byte stream cut anywhere (mid-length, mid-word, several sentences per chunk) into
 * sentences. Chunks are kept as they arrive and joined only when a word is complete, so a long
 * word costs one copy.
 */
export class SentenceDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private words: string[] = [];

  push(chunk: Buffer): Sentence[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const sentences: Sentence[] = [];
    for (;;) {
      const word = this.nextWord();
      if (word === undefined) return sentences;
      if (word === "") {
        // An empty sentence (a lone terminator) is ignored, as RouterOS does.
        if (this.words.length > 0) sentences.push(this.words);
        this.words = [];
      } else {
        this.words.push(word);
      }
    }
  }

  private nextWord(): string | undefined {
    if (this.buffered === 0) return undefined;
    const prefixSize = lengthPrefixSize(this.peek(1)[0]);
    if (this.buffered < prefixSize) return undefined;
    const length = decodeLength(this.peek(prefixSize));
    if (this.buffered < prefixSize + length) return undefined;
    this.take(prefixSize);
    return this.take(length).toString("latin1");
  }

  private peek(size: number): Buffer {
    if (this.chunks[0].length < size) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0].subarray(0, size);
  }

  private take(size: number): Buffer {
    if (size === 0) return Buffer.alloc(0);
    if (this.chunks[0].length < size) this.chunks = [Buffer.concat(this.chunks)];
    const head = this.chunks[0];
    const taken = head.subarray(0, size);
    if (head.length === size) this.chunks.shift();
    else this.chunks[0] = head.subarray(size);
    this.buffered -= size;
    return taken;
  }
}
