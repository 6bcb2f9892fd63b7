import type { Logger } from "@tracegen/log";
import type { ConsumeSettings } from "./consume-settings.js";
import type { MessageLog, StoredMessage } from "./in-process-log.js";
import type { Delivery } from "./run-delivery.js";
import { subjectMatches } from "./subject-match.js";
import type { BusMessage } from "./types.js";

/** A subscription as the durable queue sees it. */
export interface Worker {
  /** Whether it can take another message now. */
  readonly free: boolean;
  /** A crashed worker's acks, naks and progress reports are ignored. */
  readonly crashed: boolean;
  deliver(delivery: Delivery): void;
}

interface Pending {
  deliveries: number;
  /** The current delivery's token, 0 while the message waits for redelivery. */
  token: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * One durable consumer in memory, with JetStream's semantics: it starts at the oldest stored
 * message, gives each message to one worker, redelivers (oldest first) on nak, on nak delay expiry
 * and when a delivery is not acked within ackWait, and gives up after maxDeliver deliveries.
 */
export class DurableQueue {
  private settings: Pick<ConsumeSettings, "subjects" | "ackWaitMs" | "maxDeliver">;
  private cursor: number;
  private readonly ready: number[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly workers: Worker[] = [];
  private turn = 0;
  private tokens = 0;
  private dispatching = false;
  private again = false;

  constructor(
    private readonly log: MessageLog,
    settings: ConsumeSettings,
    private readonly logger: Logger,
  ) {
    this.settings = settings;
    this.cursor = log.firstSeq();
  }

  /** Applies a newer subscription's settings (the latest consume() wins, as with JetStream). */
  configure(settings: ConsumeSettings): void {
    this.settings = settings;
  }

  attach(worker: Worker): void {
    this.workers.push(worker);
    this.dispatch();
  }

  detach(worker: Worker): void {
    const index = this.workers.indexOf(worker);
    if (index >= 0) this.workers.splice(index, 1);
  }

  /** Hands available messages to free workers, round robin. Safe to call from anywhere. */
  dispatch(): void {
    if (this.dispatching) {
      this.again = true;
      return;
    }
    this.dispatching = true;
    try {
      do {
        this.again = false;
        for (let worker = this.freeWorker(); worker; worker = this.freeWorker()) {
          const next = this.take();
          if (!next) break;
          this.deliver(worker, next.message, next.pending);
        }
      } while (this.again);
    } finally {
      this.dispatching = false;
    }
  }

  /** Clears every timer; the queue is unusable afterwards. */
  close(): void {
    for (const pending of this.pending.values()) clearTimeout(pending.timer);
    this.pending.clear();
    this.workers.length = 0;
  }

  private freeWorker(): Worker | undefined {
    for (let i = 0; i < this.workers.length; i++) {
      const worker = this.workers[(this.turn + i) % this.workers.length];
      if (worker?.free) {
        this.turn = (this.turn + i + 1) % this.workers.length;
        return worker;
      }
    }
    return undefined;
  }

  private take(): { message: StoredMessage; pending: Pending } | undefined {
    for (let seq = this.ready.shift(); seq !== undefined; seq = this.ready.shift()) {
      const message = this.log.get(seq);
      const pending = this.pending.get(seq);
      if (message && pending) return { message, pending };
      this.pending.delete(seq);
    }
    this.cursor = Math.max(this.cursor, this.log.firstSeq());
    while (this.cursor <= this.log.lastSeq()) {
      const message = this.log.get(this.cursor++);
      if (!message || !this.settings.subjects.some((f) => subjectMatches(f, message.subject))) continue;
      const pending: Pending = { deliveries: 0, token: 0, timer: undefined };
      this.pending.set(message.seq, pending);
      return { message, pending };
    }
    return undefined;
  }

  private deliver(worker: Worker, stored: StoredMessage, pending: Pending): void {
    const { seq } = stored;
    const token = ++this.tokens;
    pending.deliveries++;
    pending.token = token;
    pending.timer = setTimeout(() => this.requeue(seq, pending), this.settings.ackWaitMs);
    const live = () => !worker.crashed && pending.token === token && this.pending.get(seq) === pending;
    const done = () => {
      if (!live()) return;
      clearTimeout(pending.timer);
      this.pending.delete(seq);
    };
    const message: BusMessage = {
      subject: stored.subject,
      id: stored.id,
      data: new Uint8Array(stored.data),
      deliveryCount: pending.deliveries,
      headers: { ...stored.headers },
    };
    worker.deliver({
      message,
      ack: done,
      term: done,
      nak: (delayMs) => {
        if (!live()) return;
        clearTimeout(pending.timer);
        pending.token = 0;
        if (delayMs > 0) pending.timer = setTimeout(() => this.requeue(seq, pending), delayMs);
        else this.requeue(seq, pending);
      },
      working: () => {
        if (live()) pending.timer?.refresh();
      },
    });
  }

  private requeue(seq: number, pending: Pending): void {
    if (this.pending.get(seq) !== pending) return;
    clearTimeout(pending.timer);
    pending.token = 0;
    pending.timer = undefined;
    if (pending.deliveries >= this.settings.maxDeliver) {
      // Like the server's max_deliver: no more deliveries (ack timeouts and naks alike).
      const message = this.log.get(seq);
      this.logger.error(
        { subject: message?.subject, msgId: message?.id, deliveries: pending.deliveries },
        "message reached maxDeliver without an ack; dropped (dead)",
      );
      this.pending.delete(seq);
      return;
    }
    const at = this.ready.findIndex((s) => s > seq);
    this.ready.splice(at < 0 ? this.ready.length : at, 0, seq);
    this.dispatch();
  }
}
