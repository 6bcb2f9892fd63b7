import type { Schema } from "@tracegen/db";
import { listTree, type Mirror, readBlobs } from "@tracegen/git";
import { parsePythonFile } from "@tracegen/python";
import type { Kysely } from "kysely";
import { snapshotId } from "./ids.js";
import {
  ensureSnapshotRow,
  findSnapshot,
  type ParsedSnapshotRows,
  type StoredSnapshot,
  storeParsedSnapshot,
} from "./snapshots.repository.js";

/** Reports parse progress: files done of files total. */
export type SnapshotProgress = (done: number, total: number) => void;

/** Regular files only: symlinks (120000) and submodules (160000) are not code of this repo. */
const REGULAR_FILE = new Set(["100644", "100755"]);

/**
 * Makes sure a repository's commit is stored as a parsed snapshot: every Python file read
 * from the mirror's object store (no checkout), parsed into units, stored once. A snapshot
 * parsed before is returned as it is.
 */
export async function ensureSnapshot(
  db: Kysely<Schema>,
  mirror: Mirror,
  commit: string,
  onProgress?: SnapshotProgress,
): Promise<StoredSnapshot> {
  const id = snapshotId(mirror.repo, commit);
  const existing = await findSnapshot(db, id);
  if (existing?.status === "parsed") return existing;
  await ensureSnapshotRow(db, id, mirror.repo, commit);

  const entries = (await listTree(mirror, commit)).filter(
    (e) => e.path.endsWith(".py") && REGULAR_FILE.has(e.mode),
  );
  const blobs = await readBlobs(
    mirror,
    entries.map((e) => e.sha),
  );
  const rows = parseFiles(id, entries, blobs, onProgress);
  await storeParsedSnapshot(db, id, rows);
  const stored = await findSnapshot(db, id);
  if (!stored) throw new Error(`snapshot ${id} vanished while it was stored`);
  return stored;
}

function parseFiles(
  id: string,
  entries: { path: string; sha: string }[],
  blobs: Map<string, Buffer>,
  onProgress?: SnapshotProgress,
): ParsedSnapshotRows {
  const rows: ParsedSnapshotRows = { contents: [], units: [], files: [] };
  const seen = new Set<string>();
  for (const [i, entry] of entries.entries()) {
    const parsed = parsePythonFile(entry.path, blobs.get(entry.sha) ?? new Uint8Array());
    rows.files.push({
      snapshot_id: id,
      path: entry.path,
      blob_sha: entry.sha,
      status: parsed.problem ? parsed.problem.kind : "parsed",
      detail: parsed.problem?.detail ?? null,
      line_count: parsed.lineCount,
      unit_count: parsed.units.length,
    });
    for (const unit of parsed.units) {
      if (!seen.has(unit.contentHash)) {
        seen.add(unit.contentHash);
        rows.contents.push({
          content_hash: unit.contentHash,
          kind: unit.kind,
          signature: unit.signature,
          docstring: unit.docstring,
          // A module's source is its whole file, already stored once in the mirror (blob_sha of
          // snapshot_files); keeping a second copy would double what an ingest writes.
          source: unit.kind === "module" ? "" : unit.source,
        });
      }
      rows.units.push({
        snapshot_id: id,
        path: entry.path,
        qualified_name: unit.qualifiedName,
        kind: unit.kind,
        start_line: unit.startLine,
        end_line: unit.endLine,
        content_hash: unit.contentHash,
      });
    }
    if (onProgress && (i % 25 === 0 || i === entries.length - 1)) onProgress(i + 1, entries.length);
  }
  return rows;
}
