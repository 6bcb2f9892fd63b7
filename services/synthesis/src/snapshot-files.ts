import type { Schema } from "@tracegen/db";
import { readBlobs } from "@tracegen/git";
import type { Kysely } from "kysely";
import { SynthesisError } from "./synthesis-error.js";

/** A snapshot's identity and where its repository's mirror is. */
export interface SnapshotRef {
  id: string;
  repo: string;
  commit: string;
  mirrorPath: string;
}

/** The snapshot row with its mirror; NOT_FOUND when unknown, FAILED_PRECONDITION when not parsed. */
export async function loadSnapshot(db: Kysely<Schema>, snapshotId: string): Promise<SnapshotRef> {
  const row = await db
    .selectFrom("snapshots as s")
    .innerJoin("repos as r", "r.name", "s.repo")
    .select(["s.id", "s.repo", "s.commit", "s.status", "r.mirror_path"])
    .where("s.id", "=", snapshotId)
    .executeTakeFirst();
  if (!row) throw new SynthesisError("NOT_FOUND", `no snapshot ${snapshotId}`);
  if (row.status !== "parsed" || !row.mirror_path)
    throw new SynthesisError("FAILED_PRECONDITION", `snapshot ${snapshotId} is ${row.status}, not parsed`);
  return { id: row.id, repo: row.repo, commit: row.commit, mirrorPath: row.mirror_path };
}

/** The text of the given Python files of a snapshot, read from the mirror in one batch. */
export async function readSnapshotFiles(
  db: Kysely<Schema>,
  snapshot: SnapshotRef,
  paths: readonly string[],
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  if (paths.length === 0) return files;
  const rows = await db
    .selectFrom("snapshot_files")
    .select(["path", "blob_sha"])
    .where("snapshot_id", "=", snapshot.id)
    .where("path", "in", [...new Set(paths)])
    .execute();
  const blobs = await readBlobs(
    { repo: snapshot.repo, path: snapshot.mirrorPath },
    rows.map((r) => r.blob_sha),
  );
  for (const row of rows) {
    const blob = blobs.get(row.blob_sha.toLowerCase());
    if (blob) files.set(row.path, blob.toString("utf8"));
  }
  return files;
}
