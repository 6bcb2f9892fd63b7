import type { Logger } from "@tracegen/log";
import type { ConsumeSettings } from "./consume-settings.js";
import type { DurableQueue, Worker } from "./in-process-durable.js";
import { type Delivery, runDelivery } from "./run-delivery.js";
import type { Subscription } from "./types.js";

/** One in-process consumer: a worker of a durable queue running at most `concurrency` handlers. */
export class InProcessSubscription implements Worker, Subscription {
  crashed = false;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly controller = new AbortController();
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly queue: DurableQueue,
    private readonly settings: ConsumeSettings,
    private readonly logger: Logger,
  ) {}

  get free(): boolean {
    return !this.stopped && this.inFlight.size < this.settings.concurrency;
  }

  deliver(delivery: Delivery): void {
    const running = runDelivery(delivery, this.settings, this.controller.signal, this.logger).finally(() => {
      this.inFlight.delete(running);
      if (!this.stopped) this.queue.dispatch();
    });
    this.inFlight.add(running);
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopped = true;
      this.queue.detach(this);
      this.controller.abort();
      await Promise.all(this.inFlight);
      // A nak(0) from a handler that gave up may be waiting for the other workers.
      this.queue.dispatch();
    })();
    return this.stopping;
  }

  /** Vanishes like a dead process: nothing it does afterwards reaches the queue. */
  crash(): void {
    this.crashed = true;
    this.stopped = true;
    this.queue.detach(this);
  }
}
