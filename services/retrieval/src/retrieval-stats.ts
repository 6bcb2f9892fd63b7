import type { Schema } from "@tracegen/db";
import { EMBEDDING_DIMENSIONS } from "@tracegen/embed";
import { type Kysely, sql } from "kysely";

/** What the retrieval store holds for one embedder family. */
export interface RetrievalStats {
  embedder: string;
  dimensions: number;
  /** Repositories with an embedding space of this family. */
  repos: number;
  /** Distinct vectors: what the indexes hold together (equal vectors stored once per repository). */
  vectors: number;
  /** Stored embeddings, one per content hash. */
  embeddings: number;
  /** Snapshots indexed. */
  snapshots: number;
  /** Content hashes waiting for a retry. */
  parked: number;
}

/** Counts from Postgres (the indexes follow it). */
export async function readStats(db: Kysely<Schema>, family: string): Promise<RetrievalStats> {
  const spaces = await db
    .selectFrom("embedding_spaces")
    .select(["id", "embedder"])
    .where("family", "=", family)
    .execute();
  const embedders = [...new Set(spaces.map((s) => s.embedder))];
  if (spaces.length === 0)
    return {
      embedder: family,
      dimensions: EMBEDDING_DIMENSIONS,
      repos: 0,
      vectors: 0,
      embeddings: 0,
      snapshots: 0,
      parked: 0,
    };
  const count = sql<number>`count(*)::int`;
  const vectors = await db
    .selectFrom("embeddings")
    .select([count.as("embeddings"), sql<number>`count(distinct (embedder, vector_sha))::int`.as("vectors")])
    .where("embedder", "in", embedders)
    .executeTakeFirstOrThrow();
  const snapshots = await db
    .selectFrom("retrieval_snapshots")
    .select(count.as("n"))
    .where(
      "space_id",
      "in",
      spaces.map((s) => s.id),
    )
    .executeTakeFirstOrThrow();
  const parked = await db
    .selectFrom("parked_embeddings")
    .select(count.as("n"))
    .where("embedder", "in", embedders)
    .executeTakeFirstOrThrow();
  return {
    embedder: family,
    dimensions: EMBEDDING_DIMENSIONS,
    repos: spaces.length,
    vectors: vectors.vectors,
    embeddings: vectors.embeddings,
    snapshots: snapshots.n,
    parked: parked.n,
  };
}
