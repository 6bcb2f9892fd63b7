import type { Schema } from "@tracegen/db";
import type { Embedder } from "@tracegen/embed";
import type { Logger } from "@tracegen/log";
import { type Kysely, sql } from "kysely";
import { type EmbedItem, embedAndStore } from "./embed-and-store.js";
import { type EmbeddingSpace, ensureSpace } from "./embedding-spaces.js";
import { embeddedHashes, parkedWork } from "./embeddings.repository.js";
import { RetrievalError, RetrievalErrorCode } from "./errors.js";

/** What indexing one snapshot did; `embedded + reused + parked` covers the snapshot's content hashes. */
export interface IndexSnapshotResult {
  snapshotId: string;
  repo: string;
  /** Function, class and method units of the snapshot. */
  units: number;
  /** Their distinct content hashes. */
  contents: number;
  /** Content hashes embedded now (earlier parked ones retried included). */
  embedded: number;
  /** Content hashes of the snapshot that had a vector already. */
  reused: number;
  /** Content hashes left parked (quota, outage): retried by the next indexing. */
  parked: number;
  /** Vectors in the repository's index afterwards. */
  vectors: number;
  durationMs: number;
  /** Of which reading units, embedding and storing vectors. */
  embedMs: number;
  /** Of which bringing the index up to date (adding vectors, saving). */
  indexMs: number;
}

/** The snapshot's function / class / method units by content hash, with their sources. */
async function snapshotContents(
  db: Kysely<Schema>,
  snapshotId: string,
): Promise<{ units: number; contents: Map<string, string> }> {
  const rows = await db
    .selectFrom("snapshot_units as u")
    .innerJoin("unit_contents as c", "c.content_hash", "u.content_hash")
    .select(["u.content_hash", "c.source"])
    .where("u.snapshot_id", "=", snapshotId)
    .where("u.kind", "<>", "module")
    .execute();
  const contents = new Map<string, string>();
  for (const r of rows) contents.set(r.content_hash, r.source);
  return { units: rows.length, contents };
}

/**
 * Embeds the content hashes of a snapshot's units that have no vector yet in the repository's
 * space (module units are left out: their text is a whole file), retrying parked ones first,
 * and records the snapshot as indexed. The caller then syncs the space's index.
 */
export async function embedSnapshot(
  ctx: { db: Kysely<Schema>; embedder: Embedder | undefined; logger: Logger; chunk: number },
  snapshotId: string,
  signal?: AbortSignal,
): Promise<{
  space: EmbeddingSpace;
  result: Omit<IndexSnapshotResult, "vectors" | "durationMs" | "embedMs" | "indexMs">;
}> {
  const snapshot = await ctx.db
    .selectFrom("snapshots")
    .select(["id", "repo", "status"])
    .where("id", "=", snapshotId)
    .executeTakeFirst();
  if (!snapshot) throw new RetrievalError(RetrievalErrorCode.NotFound, `snapshot ${snapshotId} not found`);
  if (snapshot.status !== "parsed")
    throw new RetrievalError(
      RetrievalErrorCode.BadInput,
      `snapshot ${snapshotId} is ${snapshot.status}, not parsed: import its seeds first`,
    );
  const { units, contents } = await snapshotContents(ctx.db, snapshotId);
  const space = await ensureSpace(ctx.db, snapshot.repo, ctx.embedder, {
    snapshotId,
    texts: () => contents.values(),
  });
  const log = ctx.logger.child({ snapshot: snapshotId, embedder: space.embedderId });

  const hashes = [...contents.keys()];
  const have = await embeddedHashes(ctx.db, space.embedderId, hashes);
  const todo = new Map<string, EmbedItem>();
  // Parked work of any snapshot of this embedder goes first: it has waited longest.
  for (const item of await parkedWork(ctx.db, space.embedderId))
    if (!have.has(item.contentHash)) todo.set(item.contentHash, item);
  for (const [contentHash, text] of contents)
    if (!have.has(contentHash)) todo.set(contentHash, { contentHash, text });
  const outcome = await embedAndStore(ctx.db, space, [...todo.values()], {
    chunk: ctx.chunk,
    logger: log,
    signal,
  });
  const stillMissing =
    hashes.length -
    have.size -
    (
      await embeddedHashes(
        ctx.db,
        space.embedderId,
        hashes.filter((h) => !have.has(h)),
      )
    ).size;
  const result = {
    snapshotId,
    repo: snapshot.repo,
    units,
    contents: hashes.length,
    embedded: outcome.embedded,
    reused: have.size,
    parked: stillMissing,
  };
  await ctx.db
    .insertInto("retrieval_snapshots")
    .values({
      space_id: space.id,
      snapshot_id: snapshotId,
      units,
      contents: hashes.length,
      embedded: outcome.embedded,
      reused: have.size,
      parked: stillMissing,
    })
    .onConflict((oc) =>
      oc.columns(["space_id", "snapshot_id"]).doUpdateSet({
        units,
        contents: hashes.length,
        embedded: outcome.embedded,
        reused: have.size,
        parked: stillMissing,
        indexed_at: sql`now()`,
      }),
    )
    .execute();
  log.info(result, "snapshot embedded");
  return { space, result };
}
