import { CoverageError, CoverageErrorCode } from "./errors.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** A growable byte buffer with LEB128 varints and front-coded strings. */
export class ByteWriter {
  #bytes = new Uint8Array(1 << 16);
  #length = 0;
  #previous = new Uint8Array(0);

  /** Appends raw bytes. */
  bytes(chunk: Uint8Array): void {
    this.#reserve(chunk.length);
    this.#bytes.set(chunk, this.#length);
    this.#length += chunk.length;
  }

  /** Appends a non-negative integer (up to 2^53) as an unsigned LEB128 varint. */
  varint(value: number): void {
    this.#reserve(8);
    let rest = value;
    while (rest >= 0x80) {
      this.#bytes[this.#length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.#bytes[this.#length++] = rest;
  }

  /** Appends a string as (bytes shared with the previous string, suffix length, suffix). */
  frontCoded(text: string): void {
    const current = encoder.encode(text);
    const previous = this.#previous;
    let shared = 0;
    while (shared < current.length && shared < previous.length && current[shared] === previous[shared])
      shared++;
    this.varint(shared);
    this.varint(current.length - shared);
    this.bytes(current.subarray(shared));
    this.#previous = current;
  }

  /** Starts a new front-coding sequence (the next string shares nothing). */
  resetStrings(): void {
    this.#previous = new Uint8Array(0);
  }

  /** The bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.#bytes.slice(0, this.#length);
  }

  #reserve(extra: number): void {
    if (this.#length + extra <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.#length + extra));
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
  }
}

/** Reads what {@link ByteWriter} wrote; any overrun or malformed value is INVALID_BINARY. */
export class ByteReader {
  #offset = 0;
  #previous = new Uint8Array(0);

  constructor(private readonly input: Uint8Array) {}

  /** True when every byte was consumed. */
  get done(): boolean {
    return this.#offset === this.input.length;
  }

  /** The next `count` raw bytes. */
  bytes(count: number): Uint8Array {
    if (this.#offset + count > this.input.length) throw corrupt("truncated data");
    const chunk = this.input.subarray(this.#offset, this.#offset + count);
    this.#offset += count;
    return chunk;
  }

  /** The next unsigned LEB128 varint. */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.input[this.#offset++];
      if (byte === undefined) throw corrupt("truncated varint");
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
      if (scale > 2 ** 53) throw corrupt("varint too long");
    }
  }

  /** The next varint as an element count, which cannot exceed the bytes left (each takes one or more). */
  count(): number {
    const value = this.varint();
    if (value > this.input.length - this.#offset) throw corrupt(`count ${value} exceeds the data`);
    return value;
  }

  /** The next front-coded string. */
  frontCoded(): string {
    const shared = this.varint();
    if (shared > this.#previous.length) throw corrupt("bad string prefix");
    const suffix = this.bytes(this.varint());
    const current = new Uint8Array(shared + suffix.length);
    current.set(this.#previous.subarray(0, shared));
    current.set(suffix, shared);
    this.#previous = current;
    try {
      return decoder.decode(current);
    } catch (error) {
      throw corrupt("bad UTF-8 string", error);
    }
  }

  /** Starts a new front-coding sequence, mirroring {@link ByteWriter.resetStrings}. */
  resetStrings(): void {
    this.#previous = new Uint8Array(0);
  }
}

function corrupt(message: string, cause?: unknown): CoverageError {
  return new CoverageError(CoverageErrorCode.INVALID_BINARY, `coverage map binary: ${message}`, { cause });
}
