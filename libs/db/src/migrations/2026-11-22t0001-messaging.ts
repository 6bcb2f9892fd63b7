import { type Kysely, sql } from "kysely";

/** Handled-message ids for exactly-once effects, and the transactional outbox. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("processed_messages")
    .addColumn("consumer", "text", (c) => c.notNull())
    .addColumn("message_id", "text", (c) => c.notNull())
    .addColumn("processed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("processed_messages_pk", ["consumer", "message_id"])
    .execute();

  await db.schema
    .createTable("outbox")
    .addColumn("seq", "bigserial", (c) => c.primaryKey())
    .addColumn("message_id", "text", (c) => c.notNull().unique())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("payload", "bytea", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("published_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("outbox_unpublished")
    .on("outbox")
    .column("seq")
    .where(sql.ref("published_at"), "is", null)
    .execute();
}

/** Drops what {@link up} made. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("outbox").execute();
  await db.schema.dropTable("processed_messages").execute();
}
