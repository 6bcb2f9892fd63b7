import type { Schema, SeedsTable } from "@tracegen/db";
import type { SeedRow } from "@tracegen/swebench";
import type { Kysely, Selectable, Transaction } from "kysely";

/** A stored seed row. */
export type StoredSeed = Selectable<SeedsTable>;
type Db = Kysely<Schema> | Transaction<Schema>;

/** Why a seed is unusable, as stored (the proto enum's suffix, lower case). */
export type UnusableReasonName =
  | "unknown_repo"
  | "mirror_failed"
  | "commit_missing"
  | "patch_does_not_apply"
  | "test_patch_does_not_apply"
  | "unsupported_patch";

/** Seeds by instance id. */
export async function findSeeds(db: Db, ids: readonly string[]): Promise<Map<string, StoredSeed>> {
  const found = new Map<string, StoredSeed>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const rows = await db.selectFrom("seeds").selectAll().where("instance_id", "in", chunk).execute();
    for (const row of rows) found.set(row.instance_id, row);
  }
  return found;
}

/** Stores a new seed as pending; a row already stored under that id is left alone. */
export async function insertPendingSeed(db: Db, seed: SeedRow, contentHash: string): Promise<boolean> {
  const result = await db
    .insertInto("seeds")
    .values({
      instance_id: seed.instance_id,
      repo: seed.repo,
      base_commit: seed.base_commit,
      content_hash: contentHash,
      row: JSON.stringify(seed),
      status: "pending",
    })
    .onConflict((oc) => oc.column("instance_id").doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** Marks a seed ready at a snapshot. */
export async function markSeedReady(db: Db, seedId: string, snapshotId: string): Promise<void> {
  await db
    .updateTable("seeds")
    .set({
      status: "ready",
      snapshot_id: snapshotId,
      unusable_reason: null,
      unusable_detail: null,
      updated_at: new Date(),
    })
    .where("instance_id", "=", seedId)
    .execute();
}

/** Marks a seed unusable with the reason and a sentence a user can act on. */
export async function markSeedUnusable(
  db: Db,
  seedId: string,
  reason: UnusableReasonName,
  detail: string,
  snapshotId: string | null = null,
): Promise<void> {
  await db
    .updateTable("seeds")
    .set({
      status: "unusable",
      unusable_reason: reason,
      unusable_detail: detail,
      snapshot_id: snapshotId,
      updated_at: new Date(),
    })
    .where("instance_id", "=", seedId)
    .execute();
}

/** Seeds in instance-id order after `after`, filtered by repo and status. */
export async function listSeeds(
  db: Db,
  filter: { repo?: string; status?: StoredSeed["status"]; after?: string; limit: number },
): Promise<StoredSeed[]> {
  let query = db.selectFrom("seeds").selectAll().orderBy("instance_id").limit(filter.limit);
  if (filter.repo) query = query.where("repo", "=", filter.repo);
  if (filter.status) query = query.where("status", "=", filter.status);
  if (filter.after) query = query.where("instance_id", ">", filter.after);
  return query.execute();
}
