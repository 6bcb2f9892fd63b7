import { type Kysely, sql } from "kysely";

/**
 * Environment profiles stored per repository (version "" for every version), as
 * `seeds import --profile` saves them; and the log of an environment's preparation (its
 * install commands) on `environments`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("profiles")
    .addColumn("repo", "text", (c) => c.notNull())
    .addColumn("version", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("profile", "jsonb", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("profiles_pkey", ["repo", "version"])
    .execute();
  await db.schema.alterTable("environments").addColumn("log_ref", "text").execute();
}

/** Drops what {@link up} made. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("environments").dropColumn("log_ref").execute();
  await db.schema.dropTable("profiles").execute();
}
