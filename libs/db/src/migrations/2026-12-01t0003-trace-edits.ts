import { type Kysely, sql } from "kysely";

/** A changed unit's classified AST edits (edit facts) and its raw unified diff. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("trace_units")
    .addColumn("edits", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("raw_diff", "text", (c) => c.notNull().defaultTo(""))
    .execute();
}

/** Drops what {@link up} made. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("trace_units").dropColumn("edits").dropColumn("raw_diff").execute();
}
