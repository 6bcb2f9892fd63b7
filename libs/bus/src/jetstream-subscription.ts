import type { Logger } from "@tracegen/log";
import type { ConsumerMessages, JsMsg } from "nats";
import type { ConsumeSettings } from "./consume-settings.js";
import { type Delivery, runDelivery } from "./run-delivery.js";
import type { BusMessage, Subscription } from "./types.js";

/** A running JetStream subscription; `crash()` abandons it without acking or waiting. */
export interface JetStreamSubscription extends Subscription {
  crash(): void;
}

/**
 * Feeds `consume()` messages to at most `concurrency` handlers. A slot is taken before asking the
 * iterator for the next message: nats.js sends its next pull request only when the iterator is
 * advanced, so this (with max_messages = concurrency) bounds what the worker holds unacked.
 */
export function startJetStreamSubscription(
  messages: ConsumerMessages,
  settings: ConsumeSettings,
  logger: Logger,
): JetStreamSubscription {
  const controller = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let slotFreed: (() => void) | undefined;
  let crashed = false;

  const waitForSlot = async (): Promise<void> => {
    while (inFlight.size >= settings.concurrency && !controller.signal.aborted) {
      await new Promise<void>((resolve) => {
        slotFreed = resolve;
      });
    }
  };

  const loop = (async () => {
    const iterator = messages[Symbol.asyncIterator]();
    for (;;) {
      await waitForSlot();
      const next = await iterator.next();
      if (next.done) return;
      const msg = next.value;
      if (controller.signal.aborted) {
        // Fetched but not started: hand it back so another worker takes it now, not after ackWait.
        if (!crashed) nakQuietly(msg, logger);
        continue;
      }
      const running = runDelivery(toDelivery(msg), settings, controller.signal, logger).finally(() => {
        inFlight.delete(running);
        slotFreed?.();
      });
      inFlight.add(running);
    }
  })().catch((error: unknown) => {
    if (!crashed) logger.error({ err: error }, "consumer stopped unexpectedly");
  });

  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        controller.abort();
        slotFreed?.();
        // Resolves once the iterator has yielded (and we naked) the buffered messages.
        const closed = messages.close();
        await loop;
        await Promise.all(inFlight);
        await closed;
      })();
      return stopping;
    },
    crash() {
      crashed = true;
      controller.abort();
      slotFreed?.();
      messages.stop();
    },
  };
}

function toDelivery(msg: JsMsg): Delivery {
  return {
    message: toBusMessage(msg),
    ack: () => msg.ack(),
    nak: (delayMs) => (delayMs > 0 ? msg.nak(delayMs) : msg.nak()),
    term: () => msg.term(),
    working: () => msg.working(),
  };
}

const msgIdHeader = "Nats-Msg-Id";

/** A JetStream message as the handler sees it; a message without Nats-Msg-Id gets stream:seq. */
export function toBusMessage(msg: JsMsg): BusMessage {
  const headers: Record<string, string> = {};
  let id = `${msg.info.stream}:${msg.seq}`;
  if (msg.headers) {
    for (const key of msg.headers.keys()) {
      if (key === msgIdHeader) id = msg.headers.get(key);
      else headers[key] = msg.headers.get(key);
    }
  }
  return { subject: msg.subject, id, data: msg.data, deliveryCount: msg.info.redeliveryCount, headers };
}

function nakQuietly(msg: JsMsg, logger: Logger): void {
  try {
    msg.nak();
  } catch (error) {
    logger.debug({ err: error }, "could not hand back a fetched message");
  }
}
