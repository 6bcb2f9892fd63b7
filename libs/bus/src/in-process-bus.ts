import { type Logger, silentLogger } from "@tracegen/log";
import { consumeSettings } from "./consume-settings.js";
import { type Crashable, crashBus } from "./crash.js";
import { BusError } from "./errors.js";
import { DurableQueue } from "./in-process-durable.js";
import { MessageLog } from "./in-process-log.js";
import { InProcessSubscription } from "./in-process-subscription.js";
import type { Bus, ConsumeOptions, PublishOptions, Subscription } from "./types.js";

/** Options for {@link createInProcessBus}. */
export interface InProcessBusOptions {
  logger?: Logger;
  /** Publish dedup window by msgId (default 2 min, as JetStream). */
  duplicateWindowMs?: number;
  /** Messages kept for durables that have not consumed them yet; the oldest go first (default 100 000). */
  maxMessages?: number;
}

/**
 * A {@link Bus} in memory for the embedded mode and tests, with the JetStream bus's semantics:
 * durable work queues that start at the oldest kept message, explicit acks, redelivery with
 * deliveryCount, maxDeliver, msgId dedup and bounded concurrency. Nothing survives the process.
 */
export function createInProcessBus(options: InProcessBusOptions = {}): Bus {
  return new InProcessBus(options);
}

class InProcessBus implements Bus, Crashable {
  private readonly logger: Logger;
  private readonly log: MessageLog;
  private readonly durables = new Map<string, DurableQueue>();
  private readonly subscriptions = new Set<InProcessSubscription>();
  private closing: Promise<void> | undefined;

  constructor(options: InProcessBusOptions) {
    this.logger = (options.logger ?? silentLogger()).child({ component: "bus" });
    this.log = new MessageLog(options.duplicateWindowMs ?? 120_000, options.maxMessages ?? 100_000);
  }

  async publish(subject: string, data: Uint8Array, options: PublishOptions): Promise<void> {
    this.assertOpen();
    if (!this.log.append(subject, options.msgId, data, options.headers ?? {})) return;
    for (const durable of this.durables.values()) durable.dispatch();
  }

  async consume(options: ConsumeOptions): Promise<Subscription> {
    this.assertOpen();
    const settings = consumeSettings(options);
    const logger = this.logger.child({ durable: settings.durable });
    let durable = this.durables.get(settings.durable);
    if (durable) durable.configure(settings);
    else {
      durable = new DurableQueue(this.log, settings, logger);
      this.durables.set(settings.durable, durable);
    }
    const subscription = new InProcessSubscription(durable, settings, logger);
    this.subscriptions.add(subscription);
    durable.attach(subscription);
    return {
      stop: async () => {
        await subscription.stop();
        this.subscriptions.delete(subscription);
      },
    };
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.subscriptions].map((s) => s.stop()));
      this.subscriptions.clear();
      for (const durable of this.durables.values()) durable.close();
      this.durables.clear();
      this.log.clear();
    })();
    return this.closing;
  }

  async [crashBus](): Promise<void> {
    for (const subscription of this.subscriptions) subscription.crash();
    this.subscriptions.clear();
  }

  private assertOpen(): void {
    if (this.closing) throw new BusError("CLOSED", "the bus is closed");
  }
}
