import { type Kysely, sql } from "kysely";

/** Seeds, repositories, snapshots, code units and traces. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("repos")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("mirror_path", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("snapshots")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("repo", "text", (c) => c.notNull().references("repos.name"))
    .addColumn("commit", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("file_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("unit_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("file_error_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("parsed_at", "timestamptz")
    .addUniqueConstraint("snapshots_repo_commit", ["repo", "commit"])
    .execute();

  await db.schema
    .createTable("seeds")
    .addColumn("instance_id", "text", (c) => c.primaryKey())
    .addColumn("repo", "text", (c) => c.notNull())
    .addColumn("base_commit", "text", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("row", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("unusable_reason", "text")
    .addColumn("unusable_detail", "text")
    .addColumn("snapshot_id", "text", (c) => c.references("snapshots.id"))
    .addColumn("imported_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("seeds_repo_status").on("seeds").columns(["repo", "status"]).execute();

  await db.schema
    .createTable("snapshot_files")
    .addColumn("snapshot_id", "text", (c) => c.notNull().references("snapshots.id").onDelete("cascade"))
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("blob_sha", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("detail", "text")
    .addColumn("line_count", "integer", (c) => c.notNull())
    .addColumn("unit_count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("snapshot_files_pk", ["snapshot_id", "path"])
    .execute();

  await db.schema
    .createTable("unit_contents")
    .addColumn("content_hash", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("signature", "text", (c) => c.notNull())
    .addColumn("docstring", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .execute();
  // Sources are written once and read rarely: skip TOAST compression, the costliest part of storing them.
  await sql`alter table unit_contents alter column source set storage external`.execute(db);

  await db.schema
    .createTable("snapshot_units")
    .addColumn("snapshot_id", "text", (c) => c.notNull().references("snapshots.id").onDelete("cascade"))
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("qualified_name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("start_line", "integer", (c) => c.notNull())
    .addColumn("end_line", "integer", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull().references("unit_contents.content_hash"))
    // A name can be defined twice in one module (if/else branches), so the line is in the key.
    .addPrimaryKeyConstraint("snapshot_units_pk", ["snapshot_id", "path", "qualified_name", "start_line"])
    .execute();
  await db.schema.createIndex("snapshot_units_hash").on("snapshot_units").column("content_hash").execute();

  await db.schema
    .createTable("traces")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("seed_id", "text", (c) => c.notNull().unique().references("seeds.instance_id"))
    .addColumn("snapshot_id", "text", (c) => c.notNull().references("snapshots.id"))
    .addColumn("test_files", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("trace_units")
    .addColumn("trace_id", "text", (c) => c.notNull().references("traces.id").onDelete("cascade"))
    .addColumn("ordinal", "integer", (c) => c.notNull())
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("qualified_name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("change", "text", (c) => c.notNull())
    .addColumn("before", "text", (c) => c.notNull())
    .addColumn("after", "text", (c) => c.notNull())
    .addColumn("before_start_line", "integer", (c) => c.notNull())
    .addColumn("before_end_line", "integer", (c) => c.notNull())
    .addColumn("edit_families", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addPrimaryKeyConstraint("trace_units_pk", ["trace_id", "ordinal"])
    .execute();
}

/** Drops what {@link up} made. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "trace_units",
    "traces",
    "snapshot_units",
    "unit_contents",
    "snapshot_files",
    "seeds",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropTable("snapshots").execute();
  await db.schema.dropTable("repos").execute();
}
