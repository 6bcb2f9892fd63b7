import type { Schema } from "@tracegen/db";
import type { Kysely } from "kysely";

/** The strategies whose candidates belong to a run (candidates validated by hand are `external`). */
export const SYNTHESIZED = ["transplant", "procedural", "combine"] as const;

/** A seed of the run's seeds document, as ingest left it. */
export interface RunSeed {
  id: string;
  repo: string;
  status: "pending" | "ready" | "unusable";
  snapshotId: string | null;
  unusableReason: string | null;
  /** SWE-bench's `version` of the row ("" when it has none). */
  version: string;
}

/** The stored state of the given seeds, in id order. */
export async function loadRunSeeds(db: Kysely<Schema>, ids: readonly string[]): Promise<RunSeed[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("seeds")
    .select(["instance_id", "repo", "status", "snapshot_id", "unusable_reason", "row"])
    .where("instance_id", "in", [...ids])
    .orderBy("instance_id")
    .execute();
  return rows.map((r) => ({
    id: r.instance_id,
    repo: r.repo,
    status: r.status,
    snapshotId: r.snapshot_id,
    unusableReason: r.unusable_reason,
    version: versionOf(r.row),
  }));
}

function versionOf(row: Record<string, unknown>): string {
  const version = row.version;
  return typeof version === "string" ? version : typeof version === "number" ? String(version) : "";
}

/** The snapshots of the given seeds, without repeats. */
export function snapshotsOf(seeds: readonly RunSeed[]): string[] {
  return [...new Set(seeds.flatMap((s) => (s.snapshotId ? [s.snapshotId] : [])))].sort();
}

/** Ids of the run's candidates: synthesized ones on the given snapshots. */
export async function runCandidateIds(db: Kysely<Schema>, snapshots: readonly string[]): Promise<string[]> {
  if (snapshots.length === 0) return [];
  const rows = await db
    .selectFrom("candidates")
    .select("id")
    .where("snapshot_id", "in", [...snapshots])
    .where("strategy", "in", [...SYNTHESIZED])
    .execute();
  return rows.map((r) => r.id);
}
