import { type Kysely, sql } from "kysely";

/** Environments, baselines, coverage maps, candidates, verdicts and seed gold checks. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("environments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("snapshot_id", "text", (c) => c.notNull().references("snapshots.id"))
    .addColumn("profile_hash", "text", (c) => c.notNull())
    .addColumn("profile", "jsonb", (c) => c.notNull())
    .addColumn("sandbox", "text", (c) => c.notNull())
    .addColumn("image", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("detail", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("environments_snapshot_profile", ["snapshot_id", "profile_hash"])
    .execute();

  await db.schema
    .createTable("baselines")
    .addColumn("environment_id", "text", (c) => c.primaryKey().references("environments.id"))
    .addColumn("results", "jsonb", (c) => c.notNull())
    .addColumn("flaky", "jsonb", (c) => c.notNull())
    .addColumn("runs", "integer", (c) => c.notNull())
    .addColumn("duration_s", "double precision", (c) => c.notNull())
    .addColumn("log_ref", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("coverage_maps")
    .addColumn("environment_id", "text", (c) => c.primaryKey().references("environments.id"))
    .addColumn("map", "bytea", (c) => c.notNull())
    .addColumn("tests", "integer", (c) => c.notNull())
    .addColumn("duration_s", "double precision", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("candidates")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("snapshot_id", "text", (c) => c.notNull().references("snapshots.id"))
    .addColumn("patch", "text", (c) => c.notNull())
    .addColumn("strategy", "text", (c) => c.notNull())
    .addColumn("mutator", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("target_path", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("target_unit", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("random_seed", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("trace_id", "text")
    .addColumn("seed_id", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("verdicts")
    .addColumn("candidate_id", "text", (c) => c.primaryKey())
    .addColumn("environment_id", "text", (c) => c.notNull().references("environments.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("detail", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("fail_to_pass", "jsonb", (c) => c.notNull())
    .addColumn("pass_to_pass", "jsonb", (c) => c.notNull())
    .addColumn("tests_run", "integer", (c) => c.notNull())
    .addColumn("selection", "text", (c) => c.notNull())
    .addColumn("duration_s", "double precision", (c) => c.notNull())
    .addColumn("log_ref", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("seed_checks")
    .addColumn("seed_id", "text", (c) => c.primaryKey().references("seeds.instance_id"))
    .addColumn("environment_id", "text", (c) => c.notNull().references("environments.id"))
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("detail", "jsonb", (c) => c.notNull())
    .addColumn("log_ref", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

/** Drops what {@link up} made. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "seed_checks",
    "verdicts",
    "candidates",
    "coverage_maps",
    "baselines",
    "environments",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
