import type { Schema } from "@tracegen/db";
import { type Kysely, sql, type Transaction } from "kysely";
import type { Bus } from "./types.js";

/** An event to publish once the transaction that writes it commits. */
export interface OutboxEvent {
  subject: string;
  /** Deterministic id: enqueueing it twice keeps one row, and JetStream dedups re-publishes. */
  msgId: string;
  data: Uint8Array;
}

/**
 * Transactional outbox, step one: writes the event in the caller's transaction (pass the `trx`
 * of the effect that causes it), so it exists if and only if the effect commits. A second event
 * with the same msgId is ignored.
 */
export async function enqueueEvent(
  trx: Kysely<Schema> | Transaction<Schema>,
  event: OutboxEvent,
): Promise<void> {
  await trx
    .insertInto("outbox")
    .values({ message_id: event.msgId, subject: event.subject, payload: event.data })
    .onConflict((oc) => oc.column("message_id").doNothing())
    .execute();
}

/** Options for {@link relayOutbox}. */
export interface RelayOutboxOptions {
  /** Rows published per transaction (default 100). */
  batchSize?: number;
}

/**
 * Transactional outbox, step two: publishes every unpublished row in seq order and marks it
 * published; returns how many it published. Relays take turns on an advisory lock, so running
 * several at once keeps the order; after a crash between publish and mark, the row is published
 * again with the same msgId, which the bus drops as a duplicate. A publish error is rethrown once
 * the rows before it are marked.
 */
export async function relayOutbox(
  db: Kysely<Schema>,
  bus: Bus,
  options: RelayOutboxOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 100;
  let total = 0;
  for (;;) {
    const batch = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('tracegen.outbox.relay'))`.execute(trx);
      const rows = await trx
        .selectFrom("outbox")
        .select(["seq", "message_id", "subject", "payload"])
        .where("published_at", "is", null)
        .orderBy("seq")
        .limit(batchSize)
        .execute();
      const published: string[] = [];
      let failure: unknown;
      for (const row of rows) {
        try {
          await bus.publish(row.subject, new Uint8Array(row.payload), { msgId: row.message_id });
        } catch (error) {
          failure = error;
          break;
        }
        published.push(row.seq);
      }
      if (published.length > 0) {
        await trx
          .updateTable("outbox")
          .set({ published_at: new Date() })
          .where("seq", "in", published)
          .execute();
      }
      return { fetched: rows.length, published: published.length, failure };
    });
    total += batch.published;
    if (batch.failure !== undefined) throw batch.failure;
    if (batch.fetched < batchSize) return total;
  }
}
