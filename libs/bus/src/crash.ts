/**
 * The key of the hidden method each bus implements to simulate its process dying: no acks, no
 * naks, no drain. Kept off the {@link Bus} interface; `simulateCrash` in `./testing` calls it.
 */
export const crashBus: unique symbol = Symbol("tracegen.bus.crash");

/** A bus that can simulate a crash (both implementations are). */
export interface Crashable {
  [crashBus](): Promise<void>;
}
