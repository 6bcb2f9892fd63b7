import type { Schema } from "@tracegen/db";
import { listTree, type Mirror, readBlobs } from "@tracegen/git";
import { createParsePool, type ParsedFile } from "@tracegen/python";
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

/** Files per message to a parser thread. */
const PARSE_BATCH = 32;

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
  const pool = createParsePool();
  try {
    // Every batch is queued at once; the store consumes them in order while later ones parse.
    const batches: Promise<ParsedSnapshotRows>[] = [];
    for (let i = 0; i < entries.length; i += PARSE_BATCH) {
      const batch = entries.slice(i, i + PARSE_BATCH);
      // A copy of each blob, so a worker is sent the file's bytes and not the buffer it was sliced from.
      const files = batch.map((e) => ({
        path: e.path,
        content: new Uint8Array(blobs.get(e.sha) ?? new Uint8Array()),
      }));
      const rows = pool.parse(files).then((parsed) => toRows(id, batch, parsed));
      // Awaited in order below; a failure of a later batch must not count as unhandled meanwhile.
      rows.catch(() => {});
      batches.push(rows);
    }
    let done = 0;
    async function* inOrder(): AsyncGenerator<ParsedSnapshotRows> {
      for (const batch of batches) {
        const rows = await batch;
        done += rows.files.length;
        onProgress?.(done, entries.length);
        yield rows;
      }
    }
    await storeParsedSnapshot(db, id, inOrder());
  } finally {
    await pool.close();
  }
  const stored = await findSnapshot(db, id);
  if (!stored) throw new Error(`snapshot ${id} vanished while it was stored`);
  return stored;
}

function toRows(
  id: string,
  entries: { path: string; sha: string }[],
  parsed: ParsedFile[],
): ParsedSnapshotRows {
  const rows: ParsedSnapshotRows = { contents: [], units: [], files: [] };
  for (const [i, entry] of entries.entries()) {
    const file = parsed[i];
    if (!file) continue;
    rows.files.push({
      snapshot_id: id,
      path: entry.path,
      blob_sha: entry.sha,
      status: file.problem ? file.problem.kind : "parsed",
      detail: file.problem?.detail ?? null,
      line_count: file.lineCount,
      unit_count: file.units.length,
    });
    for (const unit of file.units) {
      rows.contents.push({
        content_hash: unit.contentHash,
        kind: unit.kind,
        signature: unit.signature,
        docstring: unit.docstring,
        // A module's source is its whole file, already stored once in the mirror (blob_sha of
        // snapshot_files); keeping a second copy would double what an ingest writes.
        source: unit.kind === "module" ? "" : unit.source,
      });
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
  }
  return rows;
}
