import { type Kysely, sql } from "kysely";

/**
 * Task instances made by `tracegen run`: one per valid candidate (keyed by the candidate, so a
 * resumed run never makes one twice), with its problem statement and what writing it cost;
 * everything else an exported row holds is read from the candidate, its verdict and its seed.
 * And the runs, keyed by their output directory, with the time spent per stage summed over
 * every invocation (a resumed run adds to it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("instances")
    .addColumn("candidate_id", "text", (c) => c.primaryKey().references("candidates.id"))
    .addColumn("instance_id", "text", (c) => c.notNull().unique())
    .addColumn("snapshot_id", "text", (c) => c.notNull().references("snapshots.id"))
    .addColumn("seed_id", "text")
    .addColumn("problem_statement", "text", (c) => c.notNull())
    .addColumn("statement_source", "text", (c) => c.notNull())
    .addColumn("statement_model", "text")
    .addColumn("cost_usd", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("prompt_tokens", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("completion_tokens", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("instances_snapshot").on("instances").column("snapshot_id").execute();
  await db.schema
    .createTable("runs")
    .addColumn("out_dir", "text", (c) => c.primaryKey())
    .addColumn("run_id", "text", (c) => c.notNull())
    .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("invocations", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("wall_seconds", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("stage_seconds", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

/** Drops what {@link up} made. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("runs").execute();
  await db.schema.dropTable("instances").execute();
}
