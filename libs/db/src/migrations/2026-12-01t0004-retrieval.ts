import { type Kysely, sql } from "kysely";

/**
 * Retrieval: embedding spaces (an embedder, and for the local one the corpus statistics it is
 * frozen with, per repository), embeddings stored once per (embedder, content hash) as
 * little-endian float32 bytes, the snapshots indexed in each space, and the content hashes an
 * embedding provider's quota parked for a later retry.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("embedding_spaces")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("repo", "text", (c) => c.notNull().references("repos.name"))
    .addColumn("family", "text", (c) => c.notNull())
    .addColumn("embedder", "text", (c) => c.notNull())
    .addColumn("corpus_stats", "bytea")
    .addColumn("stats_snapshot_id", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("embedding_spaces_repo_family", ["repo", "family"])
    .execute();

  await db.schema
    .createTable("embeddings")
    // Stable integer ids are the vector index's keys.
    .addColumn("id", "bigint", (c) => c.generatedAlwaysAsIdentity().unique())
    .addColumn("embedder", "text", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("vector", "bytea", (c) => c.notNull())
    // sha256 (hex, 32 chars) of the vector bytes: equal vectors share one index entry.
    .addColumn("vector_sha", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("embeddings_pk", ["embedder", "content_hash"])
    .execute();
  // Float bytes do not compress; skip TOAST compression as unit_contents does.
  await sql`alter table embeddings alter column vector set storage external`.execute(db);

  await db.schema
    .createTable("retrieval_snapshots")
    .addColumn("space_id", "text", (c) => c.notNull().references("embedding_spaces.id"))
    .addColumn("snapshot_id", "text", (c) => c.notNull().references("snapshots.id").onDelete("cascade"))
    .addColumn("units", "integer", (c) => c.notNull())
    .addColumn("contents", "integer", (c) => c.notNull())
    .addColumn("embedded", "integer", (c) => c.notNull())
    .addColumn("reused", "integer", (c) => c.notNull())
    .addColumn("parked", "integer", (c) => c.notNull())
    .addColumn("indexed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("retrieval_snapshots_pk", ["space_id", "snapshot_id"])
    .execute();

  await db.schema
    .createTable("parked_embeddings")
    .addColumn("embedder", "text", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("parked_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("parked_embeddings_pk", ["embedder", "content_hash"])
    .execute();
}

/** Drops what {@link up} made. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["parked_embeddings", "retrieval_snapshots", "embeddings", "embedding_spaces"]) {
    await db.schema.dropTable(table).execute();
  }
}
