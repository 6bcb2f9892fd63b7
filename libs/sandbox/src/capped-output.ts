import { Writable } from "node:stream";

/**
 * Collects a stream's bytes up to a cap, keeping the head and the tail (pytest prints its
 * summary last) and dropping the middle, so a test that prints gigabytes costs no memory.
 */
export class CappedOutput extends Writable {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private dropped = 0;
  private readonly headCap: number;
  private readonly tailCap: number;

  constructor(capBytes: number) {
    super();
    this.headCap = Math.floor(capBytes / 2);
    this.tailCap = capBytes - this.headCap;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.keep(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    callback();
  }

  /** Bytes seen in total, kept or not. */
  get totalBytes(): number {
    return this.headBytes + this.tailBytes + this.dropped;
  }

  /** The kept bytes as UTF-8, with a marker where the middle was dropped. */
  text(): string {
    const head = Buffer.concat(this.head).toString("utf8");
    const tail = Buffer.concat(this.tail).toString("utf8");
    if (this.dropped === 0) return head + tail;
    return `${head}\n[... ${this.dropped} bytes dropped ...]\n${tail}`;
  }

  private keep(chunk: Buffer): void {
    let rest = chunk;
    if (this.headBytes < this.headCap) {
      const take = rest.subarray(0, this.headCap - this.headBytes);
      this.head.push(take);
      this.headBytes += take.length;
      rest = rest.subarray(take.length);
    }
    if (rest.length === 0) return;
    this.tail.push(rest);
    this.tailBytes += rest.length;
    // Trim whole chunks, then the front of the first one, back to the tail's cap.
    while (this.tailBytes > this.tailCap) {
      const first = this.tail[0]!;
      const excess = this.tailBytes - this.tailCap;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
        this.dropped += first.length;
      } else {
        this.tail[0] = Buffer.from(first.subarray(excess));
        this.tailBytes -= excess;
        this.dropped += excess;
      }
    }
  }
}
