import type { Database } from "@tracegen/db";
import { openTestDatabase, testDialects } from "@tracegen/db/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createInProcessBus } from "./in-process-bus.js";
import { enqueueEvent, relayOutbox } from "./outbox.js";
import { bytes, sleep, textOf, waitFor } from "./test-helpers.test-suite.js";
import type { Bus, BusMessage } from "./types.js";

describe.each(testDialects)("outbox on %s", (dialect) => {
  let database: Database | undefined;
  let bus: Bus | undefined;
  afterEach(async () => {
    await bus?.close();
    await database?.close();
    bus = undefined;
    database = undefined;
  });

  async function setUp(): Promise<{ db: Database["db"]; bus: Bus; received: BusMessage[] }> {
    database = await openTestDatabase(dialect);
    bus = createInProcessBus();
    const received: BusMessage[] = [];
    await bus.consume({
      durable: "all",
      subjects: ["tracegen.>"],
      handler: async (m) => void received.push(m),
    });
    return { db: database.db, bus, received };
  }

  const unpublished = async (db: Database["db"]) =>
    (await db.selectFrom("outbox").select("message_id").where("published_at", "is", null).execute()).length;

  it("publishes in seq order, marks rows published, and a second relay publishes nothing", async () => {
    const { db, bus, received } = await setUp();
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 5; i++) {
        await enqueueEvent(trx, { subject: `tracegen.test.${i % 2}`, msgId: `e${i}`, data: bytes(`${i}`) });
      }
    });
    // The same msgId again (a retried effect) keeps one row.
    await enqueueEvent(db, { subject: "tracegen.test.0", msgId: "e0", data: bytes("again") });
    expect(await relayOutbox(db, bus, { batchSize: 2 })).toBe(5);
    expect(await unpublished(db)).toBe(0);
    await waitFor("five events", () => received.length === 5);
    expect(received.map((m) => [m.id, textOf(m.data)])).toEqual([
      ["e0", "0"],
      ["e1", "1"],
      ["e2", "2"],
      ["e3", "3"],
      ["e4", "4"],
    ]);
    expect(await relayOutbox(db, bus)).toBe(0);
    await sleep(100);
    expect(received).toHaveLength(5);
  });

  it("publishes nothing for an event enqueued in a rolled-back transaction", async () => {
    const { db, bus, received } = await setUp();
    const rolledBack = db.transaction().execute(async (trx) => {
      await enqueueEvent(trx, { subject: "tracegen.test.x", msgId: "gone", data: bytes("x") });
      throw new Error("effect failed");
    });
    await expect(rolledBack).rejects.toThrow("effect failed");
    expect(await relayOutbox(db, bus)).toBe(0);
    await sleep(100);
    expect(received).toHaveLength(0);
  });

  it("is harmless to re-run after a crash between publish and mark: the bus drops the duplicate", async () => {
    const { db, bus, received } = await setUp();
    await enqueueEvent(db, { subject: "tracegen.test.c", msgId: "c1", data: bytes("c") });
    expect(await relayOutbox(db, bus)).toBe(1);
    await db.updateTable("outbox").set({ published_at: null }).execute(); // the mark never committed
    expect(await relayOutbox(db, bus)).toBe(1);
    await sleep(100);
    expect(received.map((m) => m.id)).toEqual(["c1"]);
  });

  it("lets concurrent relays publish each row once, in order", async () => {
    const { db, bus, received } = await setUp();
    for (let i = 0; i < 20; i++) {
      await enqueueEvent(db, { subject: "tracegen.test.n", msgId: `n${i}`, data: bytes(`${i}`) });
    }
    const counts = await Promise.all([
      relayOutbox(db, bus, { batchSize: 3 }),
      relayOutbox(db, bus, { batchSize: 3 }),
    ]);
    expect(counts[0] + counts[1]).toBe(20);
    await waitFor("twenty events", () => received.length === 20);
    expect(received.map((m) => m.id)).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`));
  });

  it("marks the rows before a failed publish and rethrows", async () => {
    const { db } = await setUp();
    for (let i = 0; i < 3; i++) {
      await enqueueEvent(db, { subject: "tracegen.test.f", msgId: `f${i}`, data: bytes(`${i}`) });
    }
    const flaky = createInProcessBus();
    let calls = 0;
    const failingBus: Bus = {
      publish: async (...args) => {
        if (++calls === 2) throw new Error("broker down");
        await flaky.publish(...args);
      },
      consume: (options) => flaky.consume(options),
      close: () => flaky.close(),
    };
    await expect(relayOutbox(db, failingBus)).rejects.toThrow("broker down");
    expect(await unpublished(db)).toBe(2);
    await flaky.close();
  });
});
