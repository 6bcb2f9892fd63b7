import { type Kysely, sql } from "kysely";

/**
 * What synthesis records about a candidate beyond its patch: the normalised-AST key that
 * deduplicates it per snapshot, the mutation's detail, and the validated bugs a combined
 * candidate merges.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("candidates")
    .addColumn("ast_key", "text")
    .addColumn("detail", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("combined_from", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  await db.schema
    .createIndex("candidates_snapshot_ast_key")
    .on("candidates")
    .columns(["snapshot_id", "ast_key"])
    .unique()
    .execute();
}

/** Drops what {@link up} made. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("candidates_snapshot_ast_key").execute();
  await db.schema
    .alterTable("candidates")
    .dropColumn("ast_key")
    .dropColumn("detail")
    .dropColumn("combined_from")
    .execute();
}
