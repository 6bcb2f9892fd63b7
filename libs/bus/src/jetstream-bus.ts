import { type Logger, silentLogger } from "@tracegen/log";
import { type ConsumerMessages, connect, type NatsConnection, headers as natsHeaders } from "nats";
import { consumeSettings } from "./consume-settings.js";
import { type Crashable, crashBus } from "./crash.js";
import { BusError } from "./errors.js";
import { ensureConsumer, ensureStream, text } from "./jetstream-setup.js";
import { type JetStreamSubscription, startJetStreamSubscription } from "./jetstream-subscription.js";
import type { Bus, ConsumeOptions, PublishOptions, Subscription } from "./types.js";

/** Options for {@link connectJetStreamBus}. */
export interface JetStreamBusOptions {
  servers: string | string[];
  /** Stream holding the events (default "TRACEGEN"). */
  stream?: string;
  /** Subjects the stream must cover (default ["tracegen.>"]); an existing stream is widened. */
  subjects?: string[];
  /** Publish dedup window by msgId (server default 2 min). */
  duplicateWindowMs?: number;
  logger?: Logger;
  /** Connection name shown by the server's monitoring. */
  name?: string;
}

/**
 * Connects to NATS, makes sure the stream exists, and returns a {@link Bus} over JetStream:
 * publishes carry Nats-Msg-Id for dedup; consumers are durable pull consumers with explicit acks.
 */
export async function connectJetStreamBus(options: JetStreamBusOptions): Promise<Bus> {
  const logger = (options.logger ?? silentLogger()).child({ component: "bus" });
  const stream = options.stream ?? "TRACEGEN";
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: options.servers, ...(options.name ? { name: options.name } : {}) });
  } catch (error) {
    throw new BusError(
      "CONNECT_FAILED",
      `cannot connect to NATS at ${String(options.servers)}: ${text(error)}`,
      {
        cause: error,
      },
    );
  }
  try {
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, {
      name: stream,
      subjects: options.subjects ?? ["tracegen.>"],
      duplicateWindowMs: options.duplicateWindowMs,
    });
  } catch (error) {
    await nc.close().catch(() => {});
    if (error instanceof BusError) throw error;
    throw new BusError("STREAM_SETUP_FAILED", `JetStream unavailable: ${text(error)}`, { cause: error });
  }
  return new JetStreamBus(nc, stream, logger);
}

class JetStreamBus implements Bus, Crashable {
  private readonly subscriptions = new Set<JetStreamSubscription>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly stream: string,
    private readonly logger: Logger,
  ) {}

  async publish(subject: string, data: Uint8Array, options: PublishOptions): Promise<void> {
    this.assertOpen();
    const headers = natsHeaders();
    for (const [key, value] of Object.entries(options.headers ?? {})) headers.set(key, value);
    try {
      await this.nc.jetstream().publish(subject, data, { msgID: options.msgId, headers });
    } catch (error) {
      throw new BusError("PUBLISH_FAILED", `cannot publish ${subject} (${options.msgId}): ${text(error)}`, {
        cause: error,
      });
    }
  }

  async consume(options: ConsumeOptions): Promise<Subscription> {
    this.assertOpen();
    const settings = consumeSettings(options);
    await ensureConsumer(await this.nc.jetstreamManager(), this.stream, settings);
    let messages: ConsumerMessages;
    try {
      const consumer = await this.nc.jetstream().consumers.get(this.stream, settings.durable);
      messages = await consumer.consume({ max_messages: settings.concurrency });
    } catch (error) {
      throw new BusError("CONSUMER_SETUP_FAILED", `cannot consume ${settings.durable}: ${text(error)}`, {
        cause: error,
      });
    }
    const subscription = startJetStreamSubscription(
      messages,
      settings,
      this.logger.child({ durable: settings.durable }),
    );
    this.subscriptions.add(subscription);
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
      if (this.nc.isClosed()) return;
      // drain flushes the last acks before closing.
      await this.nc.drain().catch(() => this.nc.close());
    })();
    return this.closing;
  }

  async [crashBus](): Promise<void> {
    this.closing ??= Promise.resolve();
    for (const subscription of this.subscriptions) subscription.crash();
    this.subscriptions.clear();
    await this.nc.close();
  }

  private assertOpen(): void {
    if (this.closing || this.nc.isClosed()) throw new BusError("CLOSED", "the bus is closed");
  }
}
