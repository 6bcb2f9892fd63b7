import { afterEach, beforeEach, expect, it } from "vitest";
import { BusError, Poison, RetryLater } from "./errors.js";
import { bytes, deferred, sleep, textOf, waitFor } from "./test-helpers.test-suite.js";
import { simulateCrash } from "./testing.js";
import type { Bus, BusMessage, ConsumeOptions, Subscription } from "./types.js";

/** One broker for one test: JetStream (a scratch stream) or in-process. */
export interface BusHarness {
  /** A bus on this broker: a new connection for JetStream, the one shared bus in-process. */
  open(): Promise<Bus>;
  /** A subject unique to this harness. */
  subject(name: string): string;
  /** Closes every bus opened and deletes the broker's state. */
  dispose(): Promise<void>;
}

/** Registers the tests every {@link Bus} implementation must pass. */
export function busContract(createHarness: () => Promise<BusHarness>): void {
  let harness: BusHarness;
  let bus: Bus;
  const subscriptions: Subscription[] = [];
  beforeEach(async () => {
    harness = await createHarness();
    bus = await harness.open();
  });
  afterEach(async () => {
    await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
    await harness.dispose();
  });

  /** Consumes into an array; handler defaults to succeeding. */
  async function collect(
    options: Partial<ConsumeOptions> & Pick<ConsumeOptions, "durable" | "subjects">,
    on: Bus = bus,
  ): Promise<BusMessage[]> {
    const received: BusMessage[] = [];
    const handler = options.handler ?? (async () => {});
    const sub = await on.consume({
      ...options,
      handler: async (msg, signal) => {
        received.push(msg);
        await handler(msg, signal);
      },
    });
    subscriptions.push(sub);
    return received;
  }

  it("delivers a published message with its id, data and headers, and an ack ends it", async () => {
    const subject = harness.subject("basic");
    await bus.publish(subject, bytes("hello"), { msgId: "m1", headers: { "x-trace": "abc" } });
    const received = await collect({ durable: "basic", subjects: [subject], ackWaitMs: 1_000 });
    await waitFor("the message", () => received.length === 1);
    expect(received[0]).toMatchObject({ subject, id: "m1", deliveryCount: 1, headers: { "x-trace": "abc" } });
    expect(textOf(received[0]!.data)).toBe("hello");
    await sleep(1_300); // past ackWait: an acked message never comes back
    expect(received).toHaveLength(1);
  });

  it("splits a durable's messages between its subscriptions, each message once", async () => {
    const subject = harness.subject("split");
    const handler = () => sleep(30);
    const a = await collect({ durable: "split", subjects: [subject], handler });
    const b = await collect({ durable: "split", subjects: [subject], handler });
    for (let i = 0; i < 12; i++) await bus.publish(subject, bytes(`${i}`), { msgId: `split-${i}` });
    await waitFor("all 12 messages", () => a.length + b.length >= 12);
    await sleep(300);
    const ids = [...a, ...b].map((m) => m.id);
    expect(ids.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `split-${i}`).sort());
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
  });

  it("gives every durable its own copy, and filters by subject wildcards", async () => {
    const subject = harness.subject("fan.out");
    await bus.publish(subject, bytes("x"), { msgId: "fan" });
    await bus.publish(harness.subject("other"), bytes("y"), { msgId: "other" });
    const one = await collect({ durable: "one", subjects: [harness.subject("fan.*")] });
    const two = await collect({ durable: "two", subjects: [subject] });
    await waitFor("both durables", () => one.length === 1 && two.length === 1);
    await sleep(200);
    expect([...one, ...two].map((m) => m.id)).toEqual(["fan", "fan"]);
  });

  it("delivers messages published before consume() started, in order", async () => {
    const subject = harness.subject("early");
    for (const id of ["e1", "e2", "e3"]) await bus.publish(subject, bytes(id), { msgId: id });
    const received = await collect({ durable: "early", subjects: [subject] });
    await waitFor("three messages", () => received.length === 3);
    expect(received.map((m) => m.id)).toEqual(["e1", "e2", "e3"]);
  });

  it("redelivers after a handler error with deliveryCount 2", async () => {
    const subject = harness.subject("retry");
    await bus.publish(subject, bytes("x"), { msgId: "r1" });
    const received = await collect({
      durable: "retry",
      subjects: [subject],
      retryBackoffMs: 100,
      handler: async (msg) => {
        if (msg.deliveryCount === 1) throw new Error("transient");
      },
    });
    await waitFor("the redelivery", () => received.length === 2);
    expect(received.map((m) => [m.id, m.deliveryCount])).toEqual([
      ["r1", 1],
      ["r1", 2],
    ]);
  });

  it("honours RetryLater's delay", async () => {
    const subject = harness.subject("later");
    await bus.publish(subject, bytes("x"), { msgId: "l1" });
    const times: number[] = [];
    await collect({
      durable: "later",
      subjects: [subject],
      handler: async (msg) => {
        times.push(Date.now());
        if (msg.deliveryCount === 1) throw new RetryLater("not yet", 800);
      },
    });
    await waitFor("the delayed redelivery", () => times.length === 2);
    const gap = times[1]! - times[0]!;
    expect(gap).toBeGreaterThanOrEqual(700);
    expect(gap).toBeLessThan(3_000);
  });

  it("terminates a Poison message instead of redelivering it", async () => {
    const subject = harness.subject("poison");
    await bus.publish(subject, bytes("x"), { msgId: "p1" });
    const received = await collect({
      durable: "poison",
      subjects: [subject],
      ackWaitMs: 1_000,
      handler: async () => {
        throw new Poison("never valid");
      },
    });
    await waitFor("the delivery", () => received.length === 1);
    await sleep(1_500);
    expect(received).toHaveLength(1);
  });

  it("stops redelivering after maxDeliver deliveries", async () => {
    const subject = harness.subject("max");
    await bus.publish(subject, bytes("x"), { msgId: "x1" });
    const received = await collect({
      durable: "max",
      subjects: [subject],
      maxDeliver: 3,
      retryBackoffMs: 50,
      ackWaitMs: 1_000,
      handler: async () => {
        throw new Error("always");
      },
    });
    await waitFor("three deliveries", () => received.length === 3);
    await sleep(1_300);
    expect(received.map((m) => m.deliveryCount)).toEqual([1, 2, 3]);
  });

  it("drops a second publish with the same msgId", async () => {
    const subject = harness.subject("dedup");
    await bus.publish(subject, bytes("first"), { msgId: "same" });
    await bus.publish(subject, bytes("second"), { msgId: "same" });
    await bus.publish(subject, bytes("last"), { msgId: "last" });
    const received = await collect({ durable: "dedup", subjects: [subject] });
    await waitFor("the last message", () => received.some((m) => m.id === "last"));
    await sleep(200);
    expect(received.map((m) => textOf(m.data))).toEqual(["first", "last"]);
  });

  it("never runs more than `concurrency` handlers at once", async () => {
    const subject = harness.subject("bounded");
    for (let i = 0; i < 9; i++) await bus.publish(subject, bytes(`${i}`), { msgId: `b${i}` });
    let running = 0;
    let most = 0;
    const received = await collect({
      durable: "bounded",
      subjects: [subject],
      concurrency: 3,
      handler: async () => {
        running++;
        most = Math.max(most, running);
        await sleep(150);
        running--;
      },
    });
    await waitFor("nine messages", () => received.length === 9 && running === 0);
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThanOrEqual(2);
  });

  it("stop() aborts the handler's signal and waits for it, and its ack holds", async () => {
    const subject = harness.subject("drain");
    await bus.publish(subject, bytes("x"), { msgId: "d1" });
    const started = deferred();
    let finished = false;
    let abortedSeen = false;
    const sub = await bus.consume({
      durable: "drain",
      subjects: [subject],
      ackWaitMs: 1_000,
      handler: async (_msg, signal) => {
        started.resolve();
        await sleep(300);
        abortedSeen = signal.aborted;
        finished = true;
      },
    });
    await started.promise;
    await sub.stop();
    expect(finished).toBe(true);
    expect(abortedSeen).toBe(true);
    const again = await collect({ durable: "drain", subjects: [subject], ackWaitMs: 1_000 });
    await sleep(1_300);
    expect(again).toHaveLength(0);
  });

  it("redelivers a crashed worker's unacked message to the durable's next subscription", async () => {
    const subject = harness.subject("crash");
    const release = deferred();
    const started = deferred();
    const first: BusMessage[] = [];
    const worker = await harness.open();
    await worker.consume({
      durable: "crash",
      subjects: [subject],
      ackWaitMs: 1_000,
      handler: async (msg) => {
        first.push(msg);
        started.resolve();
        await release.promise;
      },
    });
    try {
      await bus.publish(subject, bytes("x"), { msgId: "c1" });
      await started.promise;
      await simulateCrash(worker);
      const replacement = await harness.open();
      const second = await collect({ durable: "crash", subjects: [subject], ackWaitMs: 1_000 }, replacement);
      await waitFor("the redelivery", () => second.length === 1);
      expect(second[0]).toMatchObject({ id: "c1", deliveryCount: 2 });
      expect(first).toHaveLength(1);
    } finally {
      release.resolve();
    }
  });

  it("rejects use after close() and bad options with a BusError", async () => {
    await expect(
      bus.consume({ durable: "a.b", subjects: ["x"], handler: async () => {} }),
    ).rejects.toMatchObject({
      code: "INVALID_OPTIONS",
    });
    await bus.close();
    const publishing = bus.publish(harness.subject("closed"), bytes("x"), { msgId: "z" });
    await expect(publishing).rejects.toBeInstanceOf(BusError);
    await expect(publishing).rejects.toMatchObject({ code: "CLOSED" });
  });
}
