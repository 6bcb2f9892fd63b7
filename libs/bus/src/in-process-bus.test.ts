import { describe, expect, it } from "vitest";
import { createInProcessBus } from "./in-process-bus.js";
import { bytes, sleep, waitFor } from "./test-helpers.test-suite.js";
import type { BusMessage } from "./types.js";

// Behaviour only the in-process bus has; the shared contract is in bus-contract.test-suite.ts.
describe("in-process bus", () => {
  it("keeps the newest maxMessages for durables that start later", async () => {
    const bus = createInProcessBus({ maxMessages: 2 });
    try {
      for (const id of ["a", "b", "c"]) await bus.publish("t.keep", bytes(id), { msgId: id });
      const received: BusMessage[] = [];
      await bus.consume({
        durable: "late",
        subjects: ["t.keep"],
        handler: async (m) => void received.push(m),
      });
      await waitFor("two messages", () => received.length === 2);
      expect(received.map((m) => m.id)).toEqual(["b", "c"]);
    } finally {
      await bus.close();
    }
  });

  it("forgets a msgId after the duplicate window", async () => {
    const bus = createInProcessBus({ duplicateWindowMs: 50 });
    try {
      await bus.publish("t.window", bytes("1"), { msgId: "same" });
      await sleep(80);
      await bus.publish("t.window", bytes("2"), { msgId: "same" });
      const received: BusMessage[] = [];
      await bus.consume({
        durable: "w",
        subjects: ["t.window"],
        handler: async (m) => void received.push(m),
      });
      await waitFor("both publishes", () => received.length === 2);
    } finally {
      await bus.close();
    }
  });

  it("cancels pending redeliveries on close()", async () => {
    const bus = createInProcessBus();
    let calls = 0;
    await bus.publish("t.close", bytes("x"), { msgId: "x" });
    await bus.consume({
      durable: "c",
      subjects: ["t.close"],
      retryBackoffMs: 100,
      handler: async () => {
        calls++;
        throw new Error("fails");
      },
    });
    await waitFor("the first delivery", () => calls === 1);
    await bus.close();
    await sleep(300);
    expect(calls).toBe(1);
  });
});
