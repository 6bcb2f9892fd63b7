import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Schema } from "@tracegen/db";
import type { Logger } from "@tracegen/log";
import {
  createVectorIndex,
  loadVectorIndex,
  type VectorIndex,
  VectorIndexError,
  type VectorIndexOptions,
} from "@tracegen/vector-index";
import { type Kysely, sql } from "kysely";
import type { EmbeddingSpace } from "./embedding-spaces.js";
import { catalogueRows, readVectorsById } from "./embeddings.repository.js";
import { assignKeys } from "./key-assignment.js";
import { readSidecar, writeSidecar } from "./sidecar.js";

/** A function, class or method of an indexed snapshot. */
export interface UnitRecord {
  snapshotId: string;
  path: string;
  qualifiedName: string;
  kind: string;
  startLine: number;
  endLine: number;
  contentHash: string;
  signature: string;
}

/** Index settings other than dimensions (defaults: the vector-index library's). */
export type IndexSettings = Omit<VectorIndexOptions, "dimensions">;

/** What loading and syncing a space's index needs. */
export interface SpaceIndexContext {
  db: Kysely<Schema>;
  indexDir: string;
  logger: Logger;
  settings: IndexSettings;
}

/**
 * A repository's vector index in one embedding space, with the units behind each key: one
 * vector per distinct vector of the space's content hashes, kept in sync with Postgres.
 */
export interface SpaceIndex {
  space: EmbeddingSpace;
  path: string;
  index: VectorIndex;
  /** Keys the index holds. */
  keys: Set<number>;
  keyOfHash: Map<string, number>;
  unitsOfKey: Map<number, UnitRecord[]>;
  unitsBySnapshot: Map<string, UnitRecord[]>;
  /** Snapshot id → order of indexing (higher = indexed later). */
  snapshotRank: Map<string, number>;
  /** Snapshots indexed and their indexing times, as last seen in Postgres. */
  generation: string;
  checkedAt: number;
}

/** File name of a space's index: repository and embedder id, made safe for any file system. */
export function indexPath(indexDir: string, space: EmbeddingSpace): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, "_");
  return join(indexDir, `${safe(space.repo)}.${safe(space.embedderId)}.usearch`);
}

/** Snapshots indexed in a space and when, as one comparable string. */
export async function spaceGeneration(db: Kysely<Schema>, spaceId: string): Promise<string> {
  const row = await db
    .selectFrom("retrieval_snapshots")
    .select([sql<number>`count(*)::int`.as("n"), sql<string>`coalesce(max(indexed_at)::text, '')`.as("t")])
    .where("space_id", "=", spaceId)
    .executeTakeFirstOrThrow();
  return `${row.n}|${row.t}`;
}

/**
 * Brings a space's index up to date with Postgres (the source of truth): loads it from disk when
 * `current` is not given (after checking its manifest and sidecar), adds vectors embedded since,
 * rebuilds it from the stored vectors when the file is missing, stale or holds vectors no
 * embedding stands behind, saves it when it changed, and loads the units of new snapshots.
 */
export async function syncSpaceIndex(
  ctx: SpaceIndexContext,
  space: EmbeddingSpace,
  current?: SpaceIndex,
): Promise<SpaceIndex> {
  const started = performance.now();
  const log = ctx.logger.child({ space: space.id });
  const path = indexPath(ctx.indexDir, space);
  const options = { dimensions: space.embedder.dimensions, ...ctx.settings };
  const generation = await spaceGeneration(ctx.db, space.id);
  const rows = await catalogueRows(ctx.db, space.id, space.embedderId);

  let index = current?.index;
  let keys = current?.keys;
  if (index === undefined) {
    const sidecar = await readSidecar(path);
    if (sidecar?.embedderId === space.embedderId && sidecar.spaceId === space.id) {
      try {
        index = await loadVectorIndex(path, { ...options, expectedFingerprint: sidecar.indexFingerprint });
        keys = new Set(sidecar.keys);
        if (keys.size !== index.size()) index = undefined;
      } catch (error) {
        if (!(error instanceof VectorIndexError)) throw error;
        log.info({ path, reason: error.code, detail: error.message }, "index on disk not usable; rebuilding");
        index = undefined;
      }
    } else log.info({ path }, "no index on disk for this space; building it from Postgres");
  }
  let assignment = assignKeys(rows, keys ?? new Set());
  let rebuilt = false;
  if (index === undefined || keys === undefined || assignment.orphans > 0) {
    if (index !== undefined)
      log.info({ orphans: assignment.orphans }, "index holds vectors no longer stored; rebuilding");
    index = createVectorIndex(options);
    keys = new Set();
    assignment = assignKeys(rows, keys);
    rebuilt = true;
  }
  const spans = { readMs: 0, addMs: 0, saveMs: 0 };
  if (assignment.added.length > 0) {
    let mark = performance.now();
    const vectors = await readVectorsById(ctx.db, assignment.added);
    spans.readMs = Math.round(performance.now() - mark);
    mark = performance.now();
    index.add(
      assignment.added,
      assignment.added.map((key) => {
        const vector = vectors.get(key);
        if (vector === undefined) throw new Error(`embedding ${key} vanished while the index was built`);
        return vector;
      }),
    );
    spans.addMs = Math.round(performance.now() - mark);
    for (const key of assignment.added) keys.add(key);
  }
  if ((assignment.added.length > 0 || rebuilt) && index.size() > 0) {
    const mark = performance.now();
    await mkdir(ctx.indexDir, { recursive: true });
    await index.save(path);
    await writeSidecar(path, {
      spaceId: space.id,
      embedderId: space.embedderId,
      indexFingerprint: index.fingerprint(),
      keys: [...keys].sort((a, b) => a - b),
    });
    spans.saveMs = Math.round(performance.now() - mark);
  }

  const state: SpaceIndex = current ?? {
    space,
    path,
    index,
    keys,
    keyOfHash: assignment.keyOfHash,
    unitsOfKey: new Map(),
    unitsBySnapshot: new Map(),
    snapshotRank: new Map(),
    generation,
    checkedAt: Date.now(),
  };
  state.index = index;
  state.keys = keys;
  state.keyOfHash = assignment.keyOfHash;
  state.generation = generation;
  state.checkedAt = Date.now();
  await loadSnapshotUnits(ctx.db, state);
  log.info(
    {
      vectors: index.size(),
      added: assignment.added.length,
      rebuilt,
      units: [...state.unitsBySnapshot.values()].reduce((n, u) => n + u.length, 0),
      ms: Math.round(performance.now() - started),
      ...spans,
    },
    "space index in sync",
  );
  return state;
}

/** Loads the units of snapshots indexed since the last sync and regroups every unit by key. */
async function loadSnapshotUnits(db: Kysely<Schema>, state: SpaceIndex): Promise<void> {
  const snapshots = await db
    .selectFrom("retrieval_snapshots")
    .select("snapshot_id")
    .where("space_id", "=", state.space.id)
    .orderBy("indexed_at")
    .orderBy("snapshot_id")
    .execute();
  state.snapshotRank = new Map(snapshots.map((s, i) => [s.snapshot_id, i]));
  for (const id of [...state.unitsBySnapshot.keys()])
    if (!state.snapshotRank.has(id)) state.unitsBySnapshot.delete(id);
  const missing = snapshots.map((s) => s.snapshot_id).filter((id) => !state.unitsBySnapshot.has(id));
  for (let i = 0; i < missing.length; i += 20) {
    const part = missing.slice(i, i + 20);
    const rows = await db
      .selectFrom("snapshot_units as u")
      .innerJoin("unit_contents as c", "c.content_hash", "u.content_hash")
      .select([
        "u.snapshot_id",
        "u.path",
        "u.qualified_name",
        "u.kind",
        "u.start_line",
        "u.end_line",
        "u.content_hash",
        "c.signature",
      ])
      .where("u.snapshot_id", "in", part)
      .where("u.kind", "<>", "module")
      .orderBy("u.snapshot_id")
      .orderBy("u.path")
      .orderBy("u.start_line")
      .execute();
    for (const id of part) state.unitsBySnapshot.set(id, []);
    for (const r of rows)
      state.unitsBySnapshot.get(r.snapshot_id)?.push({
        snapshotId: r.snapshot_id,
        path: r.path,
        qualifiedName: r.qualified_name,
        kind: r.kind,
        startLine: r.start_line,
        endLine: r.end_line,
        contentHash: r.content_hash,
        signature: r.signature,
      });
  }
  const unitsOfKey = new Map<number, UnitRecord[]>();
  for (const units of state.unitsBySnapshot.values())
    for (const unit of units) {
      const key = state.keyOfHash.get(unit.contentHash);
      if (key === undefined) continue; // parked: not embedded yet
      const list = unitsOfKey.get(key);
      if (list) list.push(unit);
      else unitsOfKey.set(key, [unit]);
    }
  state.unitsOfKey = unitsOfKey;
}
