import { type Crashable, crashBus } from "./crash.js";
import type { Bus } from "./types.js";

/**
 * Simulates the worker process dying mid-handler, for crash-recovery tests: its subscriptions
 * vanish without acking, naking or draining, so their messages are redelivered after ackWait.
 * JetStream: the connection closes and the bus is dead. In-process: the subscriptions vanish and
 * the queues survive (they stand for the broker), so the same bus can host the replacement worker.
 */
export async function simulateCrash(bus: Bus): Promise<void> {
  const crashable = bus as Partial<Crashable>;
  if (typeof crashable[crashBus] !== "function") throw new TypeError("this bus cannot simulate a crash");
  await crashable[crashBus]();
}
