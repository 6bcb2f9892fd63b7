import { insertRows, type Schema } from "@tracegen/db";
import { type Kysely, sql } from "kysely";
import { bytesToVector, vectorSha, vectorToBytes } from "./vector-bytes.js";

/** Values per `in (...)` list: far below Postgres' 65,535 bind parameters. */
const CHUNK = 5_000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The content hashes among `hashes` that have a vector under `embedder`. */
export async function embeddedHashes(
  db: Kysely<Schema>,
  embedder: string,
  hashes: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(hashes)) {
    const rows = await db
      .selectFrom("embeddings")
      .select("content_hash")
      .where("embedder", "=", embedder)
      .where("content_hash", "in", part)
      .execute();
    for (const r of rows) found.add(r.content_hash);
  }
  return found;
}

/** Stores vectors (a hash stored before keeps its first vector) and takes them off the parked list. */
export async function storeEmbeddings(
  db: Kysely<Schema>,
  embedder: string,
  rows: readonly { contentHash: string; vector: Float32Array }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await insertRows(
      trx,
      "embeddings",
      rows.map((r) => ({
        embedder,
        content_hash: r.contentHash,
        vector: Buffer.from(vectorToBytes(r.vector)),
        vector_sha: vectorSha(r.vector),
      })),
      { onConflictDoNothing: ["embedder", "content_hash"], batchSize: 500 },
    );
    for (const part of chunks(rows.map((r) => r.contentHash)))
      await trx
        .deleteFrom("parked_embeddings")
        .where("embedder", "=", embedder)
        .where("content_hash", "in", part)
        .execute();
  });
}

/** Records content hashes whose embedding must be retried later (quota, outage). */
export async function parkHashes(
  db: Kysely<Schema>,
  embedder: string,
  hashes: readonly string[],
  reason: string,
): Promise<void> {
  for (const part of chunks(hashes))
    await db
      .insertInto("parked_embeddings")
      .values(part.map((content_hash) => ({ embedder, content_hash, reason })))
      .onConflict((oc) =>
        oc.columns(["embedder", "content_hash"]).doUpdateSet({ reason, parked_at: sql`now()` }),
      )
      .execute();
}

/** Parked content hashes of an embedder with their sources (hashes whose content is gone are skipped). */
export async function parkedWork(
  db: Kysely<Schema>,
  embedder: string,
): Promise<{ contentHash: string; text: string }[]> {
  const rows = await db
    .selectFrom("parked_embeddings as p")
    .innerJoin("unit_contents as c", "c.content_hash", "p.content_hash")
    .select(["p.content_hash", "c.source"])
    .where("p.embedder", "=", embedder)
    .orderBy("p.content_hash")
    .execute();
  return rows.map((r) => ({ contentHash: r.content_hash, text: r.source }));
}

/** One stored vector by content hash. */
export async function readVectorByHash(
  db: Kysely<Schema>,
  embedder: string,
  contentHash: string,
): Promise<Float32Array | undefined> {
  const row = await db
    .selectFrom("embeddings")
    .select("vector")
    .where("embedder", "=", embedder)
    .where("content_hash", "=", contentHash)
    .executeTakeFirst();
  return row === undefined ? undefined : bytesToVector(row.vector);
}

/** Stored vectors by embedding id (the index keys), read in pages. */
export async function readVectorsById(
  db: Kysely<Schema>,
  ids: readonly number[],
): Promise<Map<number, Float32Array>> {
  const out = new Map<number, Float32Array>();
  for (const part of chunks(ids, 2_000)) {
    const rows = await db
      .selectFrom("embeddings")
      .select([sql<string>`id::text`.as("id"), "vector"])
      .where(sql<boolean>`id = any(${part.map(String)}::bigint[])`)
      .execute();
    for (const r of rows) out.set(Number(r.id), bytesToVector(r.vector));
  }
  return out;
}

/** An embedding of a space's catalogue: its id (index key candidate), content hash and vector sha. */
export interface CatalogueRow {
  id: number;
  contentHash: string;
  vectorSha: string;
}

/** The embeddings of every content hash of the space's indexed snapshots (function, class, method units). */
export async function catalogueRows(
  db: Kysely<Schema>,
  spaceId: string,
  embedder: string,
): Promise<CatalogueRow[]> {
  const rows = await db
    .selectFrom("embeddings as e")
    .select([sql<string>`e.id::text`.as("id"), "e.content_hash", "e.vector_sha"])
    .where("e.embedder", "=", embedder)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("snapshot_units as u")
          .innerJoin("retrieval_snapshots as r", "r.snapshot_id", "u.snapshot_id")
          .select(sql`1`.as("one"))
          .where("r.space_id", "=", spaceId)
          .whereRef("u.content_hash", "=", "e.content_hash"),
      ),
    )
    .execute();
  return rows.map((r) => ({ id: Number(r.id), contentHash: r.content_hash, vectorSha: r.vector_sha }));
}
