import { BusError } from "./errors.js";
import type { ConsumeOptions, MessageHandler } from "./types.js";

/** {@link ConsumeOptions} with defaults applied and checked; internal to the bus implementations. */
export interface ConsumeSettings {
  durable: string;
  subjects: string[];
  handler: MessageHandler;
  concurrency: number;
  maxDeliver: number;
  ackWaitMs: number;
  retryBackoffMs: number;
}

/** Applies the defaults and rejects values no consumer could run with. */
export function consumeSettings(options: ConsumeOptions): ConsumeSettings {
  const settings: ConsumeSettings = {
    durable: options.durable,
    subjects: options.subjects,
    handler: options.handler,
    concurrency: options.concurrency ?? 1,
    maxDeliver: options.maxDeliver ?? 5,
    ackWaitMs: options.ackWaitMs ?? 30_000,
    retryBackoffMs: options.retryBackoffMs ?? 1_000,
  };
  // JetStream consumer names may not contain these; the in-process bus follows the same rule.
  if (!/^[^.*>\s]+$/.test(settings.durable)) invalid(`durable name "${settings.durable}"`);
  if (settings.subjects.length === 0 || settings.subjects.some((s) => s.trim() === "")) {
    invalid("subjects: at least one non-empty subject");
  }
  if (!Number.isInteger(settings.concurrency) || settings.concurrency < 1) invalid("concurrency >= 1");
  if (!Number.isInteger(settings.maxDeliver) || settings.maxDeliver < 1) invalid("maxDeliver >= 1");
  if (!(settings.ackWaitMs >= 100)) invalid("ackWaitMs >= 100");
  if (!(settings.retryBackoffMs >= 0)) invalid("retryBackoffMs >= 0");
  return settings;
}

function invalid(what: string): never {
  throw new BusError("INVALID_OPTIONS", `invalid consume option: ${what}`);
}

/** The nak delay after the `deliveryCount`-th delivery failed: doubling, capped at 60 s. */
export function retryDelayMs(settings: ConsumeSettings, deliveryCount: number): number {
  const exponent = Math.min(Math.max(deliveryCount - 1, 0), 30);
  return Math.min(settings.retryBackoffMs * 2 ** exponent, 60_000);
}
