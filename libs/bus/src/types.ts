/** A delivered message, as a consumer's handler sees it. */
export interface BusMessage {
  subject: string;
  /** The publisher's msgId: stable across redeliveries, the key for `handleOnce`. */
  id: string;
  data: Uint8Array;
  /** 1 on the first delivery, 2 on the first redelivery, ... */
  deliveryCount: number;
  /** The publisher's headers (transport headers such as Nats-Msg-Id left out). */
  headers: Record<string, string>;
}

/** Options for {@link Bus.publish}. */
export interface PublishOptions {
  /** Deterministic id: a second publish with the same id inside the duplicate window is dropped. */
  msgId: string;
  headers?: Record<string, string>;
}

/**
 * Handles one message. Resolving acks it; `RetryLater` naks it with its delay; `Poison` terminates
 * it; any other error naks it with exponential backoff. The signal aborts when the subscription
 * stops, so long handlers can give up early (the message is then redelivered at once).
 */
export type MessageHandler = (message: BusMessage, signal: AbortSignal) => Promise<void>;

/** Options for {@link Bus.consume}. */
export interface ConsumeOptions {
  /** Durable consumer name: subscriptions sharing it split the messages (work queue). */
  durable: string;
  /** Filter subjects, NATS wildcards allowed (several subjects need nats-server 2.10+). */
  subjects: string[];
  handler: MessageHandler;
  /** Handlers in flight at once for this subscription (default 1). */
  concurrency?: number;
  /** Deliveries before a failing message is terminated and logged as dead (default 5). */
  maxDeliver?: number;
  /**
   * Redelivery delay for a message that is neither acked nor naked (default 30 s). While a handler
   * runs, the bus reports progress every third of this, so only a dead worker's messages time out.
   */
  ackWaitMs?: number;
  /** First retry delay after a handler error; doubles per delivery, capped at 60 s (default 1 s). */
  retryBackoffMs?: number;
}

/** A running consumer. */
export interface Subscription {
  /** Stops fetching, aborts the handlers' signal and waits for in-flight handlers to settle. */
  stop(): Promise<void>;
}

/** Publishes events and runs durable, explicitly acknowledged consumers. */
export interface Bus {
  /** Publishes once per msgId (duplicates within the window are dropped); resolves when stored. */
  publish(subject: string, data: Uint8Array, options: PublishOptions): Promise<void>;
  /** Creates or updates the durable consumer and starts handling its messages. */
  consume(options: ConsumeOptions): Promise<Subscription>;
  /** Stops every subscription (waiting for their handlers), then disconnects. */
  close(): Promise<void>;
}
