/**
 * The event bus between TraceGen's stages: one interface over NATS JetStream (distributed mode)
 * and memory (embedded mode), plus exactly-once effects (`handleOnce`) and the transactional
 * outbox (`enqueueEvent`, `relayOutbox`) on the TraceGen database.
 */
export { BusError, type BusErrorCode, Poison, RetryLater } from "./errors.js";
export { handleOnce } from "./handle-once.js";
export { createInProcessBus, type InProcessBusOptions } from "./in-process-bus.js";
export { connectJetStreamBus, type JetStreamBusOptions } from "./jetstream-bus.js";
export { openBus } from "./open-bus.js";
export { enqueueEvent, type OutboxEvent, type RelayOutboxOptions, relayOutbox } from "./outbox.js";
export { decodeEvent, encodeEvent } from "./protobuf-events.js";
export type {
  Bus,
  BusMessage,
  ConsumeOptions,
  MessageHandler,
  PublishOptions,
  Subscription,
} from "./types.js";
