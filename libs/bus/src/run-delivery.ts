import type { Logger } from "@tracegen/log";
import { type ConsumeSettings, retryDelayMs } from "./consume-settings.js";
import { Poison, RetryLater } from "./errors.js";
import type { BusMessage } from "./types.js";

/** One delivery as an implementation hands it to {@link runDelivery}. */
export interface Delivery {
  message: BusMessage;
  ack(): void;
  nak(delayMs: number): void;
  term(): void;
  /** Resets the ack timer (JetStream "+WPI"). */
  working(): void;
}

/**
 * Runs the handler for one delivery and settles it: ack on success, term for `Poison` or once
 * `maxDeliver` is reached (logged as dead), nak with the `RetryLater` delay, nak at once when the
 * handler gave up because the subscription is stopping, else nak with backoff. Never rejects.
 */
export async function runDelivery(
  delivery: Delivery,
  settings: ConsumeSettings,
  signal: AbortSignal,
  logger: Logger,
): Promise<void> {
  const { message } = delivery;
  const log = logger.child({ subject: message.subject, msgId: message.id, delivery: message.deliveryCount });
  const heartbeat = setInterval(() => {
    try {
      delivery.working();
    } catch {
      // The connection is gone; the final ack reports it.
    }
  }, settings.ackWaitMs / 3);
  heartbeat.unref();
  try {
    await settings.handler(message, signal);
    settle(log, "ack", () => delivery.ack());
  } catch (error) {
    if (error instanceof Poison) {
      log.error({ err: error }, "message is poison; terminated (dead)");
      settle(log, "term", () => delivery.term());
    } else if (message.deliveryCount >= settings.maxDeliver && !signal.aborted) {
      log.error(
        { err: error, maxDeliver: settings.maxDeliver },
        "message failed maxDeliver times; terminated (dead)",
      );
      settle(log, "term", () => delivery.term());
    } else if (error instanceof RetryLater) {
      log.info({ delayMs: error.delayMs, reason: error.message }, "handler asked to retry later");
      settle(log, "nak", () => delivery.nak(error.delayMs));
    } else if (signal.aborted) {
      log.debug({ err: error }, "handler gave up as the subscription stops; redelivering");
      settle(log, "nak", () => delivery.nak(0));
    } else {
      const delayMs = retryDelayMs(settings, message.deliveryCount);
      log.warn({ err: error, delayMs }, "handler failed; will retry");
      settle(log, "nak", () => delivery.nak(delayMs));
    }
  } finally {
    clearInterval(heartbeat);
  }
}

// Acks go over a connection that may be gone (a crashed or closed worker): the message then
// times out and is redelivered, which is the at-least-once contract, so log and carry on.
function settle(log: Logger, what: string, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    log.warn({ err: error }, `could not ${what} message`);
  }
}
