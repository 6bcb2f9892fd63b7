/** A stored message of the in-process bus. */
export interface StoredMessage {
  seq: number;
  subject: string;
  id: string;
  data: Uint8Array;
  headers: Record<string, string>;
}

/**
 * The in-process bus's stream: messages by sequence number, the newest `maxMessages` kept, and
 * the msgIds published within the duplicate window, for dedup as JetStream does it.
 */
export class MessageLog {
  private readonly messages = new Map<number, StoredMessage>();
  private readonly seen = new Map<string, number>();
  private first = 1;
  private last = 0;

  constructor(
    private readonly duplicateWindowMs: number,
    private readonly maxMessages: number,
  ) {}

  /** Stores a copy of the message; returns false, storing nothing, for a duplicate msgId. */
  append(subject: string, id: string, data: Uint8Array, headers: Record<string, string>): boolean {
    const now = Date.now();
    // `seen` is in publish order, so the expired ids are at its front.
    for (const [seenId, at] of this.seen) {
      if (now - at < this.duplicateWindowMs) break;
      this.seen.delete(seenId);
    }
    if (this.seen.has(id)) return false;
    this.seen.set(id, now);
    const seq = ++this.last;
    this.messages.set(seq, { seq, subject, id, data: new Uint8Array(data), headers: { ...headers } });
    while (this.messages.size > this.maxMessages) this.messages.delete(this.first++);
    return true;
  }

  get(seq: number): StoredMessage | undefined {
    return this.messages.get(seq);
  }

  /** The oldest kept sequence number (last + 1 when empty). */
  firstSeq(): number {
    return this.first;
  }

  lastSeq(): number {
    return this.last;
  }

  clear(): void {
    this.messages.clear();
    this.seen.clear();
  }
}
