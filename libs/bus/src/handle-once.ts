import type { Schema } from "@tracegen/db";
import type { Kysely, Transaction } from "kysely";

/**
 * Runs `effect` and records (consumer, messageId) in processed_messages in ONE transaction, so a
 * redelivered message's effect happens exactly once. Returns false, skipping the effect, if the id
 * was already handled; a throwing effect rolls back both and rethrows. A concurrent call with the
 * same id waits on the primary key until the first commits (then skips) or rolls back (then runs).
 */
export async function handleOnce(
  db: Kysely<Schema>,
  consumer: string,
  messageId: string,
  effect: (trx: Transaction<Schema>) => Promise<void>,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto("processed_messages")
      .values({ consumer, message_id: messageId })
      .onConflict((oc) => oc.columns(["consumer", "message_id"]).doNothing())
      .returning("message_id")
      .executeTakeFirst();
    if (!claimed) return false;
    await effect(trx);
    return true;
  });
}
