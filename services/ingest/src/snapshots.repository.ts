import {
  insertRows,
  type Schema,
  type SnapshotFilesTable,
  type SnapshotsTable,
  type SnapshotUnitsTable,
  type UnitContentsTable,
} from "@tracegen/db";
import type { Insertable, Kysely, Selectable, Transaction } from "kysely";

/** A stored snapshot row. */
export type StoredSnapshot = Selectable<SnapshotsTable>;
type Db = Kysely<Schema> | Transaction<Schema>;

/** Snapshot units are many narrow rows: sent as one array per column (see insertRows). */
const UNIT_COLUMN_TYPES = {
  snapshot_id: "text",
  path: "text",
  qualified_name: "text",
  kind: "text",
  start_line: "int4",
  end_line: "int4",
  content_hash: "text",
};

/** Hashes per lookup of already-stored unit contents. */
const BATCH = 1000;

/** A snapshot by id, if stored. */
export async function findSnapshot(db: Db, id: string): Promise<StoredSnapshot | undefined> {
  return db.selectFrom("snapshots").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Creates the snapshot row as pending unless it exists. */
export async function ensureSnapshotRow(db: Db, id: string, repo: string, commit: string): Promise<void> {
  await db
    .insertInto("snapshots")
    .values({ id, repo, commit, status: "pending" })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
}

/** Everything parsed from one snapshot, ready to store. */
export interface ParsedSnapshotRows {
  contents: Insertable<UnitContentsTable>[];
  units: Insertable<SnapshotUnitsTable>[];
  files: Insertable<SnapshotFilesTable>[];
}

/**
 * Stores a snapshot's parsed files in one transaction, batch by batch as they arrive (the
 * parse of later files overlaps the writes of earlier ones), and marks it parsed: a crash
 * leaves it pending and the next import parses it again. Unit contents already stored (by
 * any snapshot, or an earlier batch) are not sent again.
 */
export async function storeParsedSnapshot(
  db: Kysely<Schema>,
  snapshotId: string,
  batches: AsyncIterable<ParsedSnapshotRows>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const seen = new Set<string>();
    let files = 0;
    let units = 0;
    let fileErrors = 0;
    for await (const rows of batches) {
      const unseen = rows.contents.filter((c) => !seen.has(c.content_hash));
      for (const c of unseen) seen.add(c.content_hash);
      const fresh = await withoutStoredContents(trx, unseen);
      await insertRows(trx, "unit_contents", fresh, { onConflictDoNothing: ["content_hash"] });
      await insertRows(trx, "snapshot_files", rows.files, { onConflictDoNothing: ["snapshot_id", "path"] });
      await insertRows(trx, "snapshot_units", rows.units, {
        onConflictDoNothing: ["snapshot_id", "path", "qualified_name", "start_line"],
        columnTypes: UNIT_COLUMN_TYPES,
      });
      files += rows.files.length;
      units += rows.units.length;
      fileErrors += rows.files.filter((f) => f.status !== "parsed").length;
    }
    await trx
      .updateTable("snapshots")
      .set({
        status: "parsed",
        parsed_at: new Date(),
        file_count: files,
        unit_count: units,
        file_error_count: fileErrors,
      })
      .where("id", "=", snapshotId)
      .execute();
  });
}

async function withoutStoredContents(
  db: Db,
  contents: Insertable<UnitContentsTable>[],
): Promise<Insertable<UnitContentsTable>[]> {
  const stored = new Set<string>();
  for (let i = 0; i < contents.length; i += BATCH) {
    const hashes = contents.slice(i, i + BATCH).map((c) => c.content_hash);
    const rows = await db
      .selectFrom("unit_contents")
      .select("content_hash")
      .where("content_hash", "in", hashes)
      .execute();
    for (const row of rows) stored.add(row.content_hash);
  }
  return contents.filter((c) => !stored.has(c.content_hash));
}

/** Units of a snapshot, optionally of one file, with their content. */
export async function findSnapshotUnits(db: Db, snapshotId: string, path?: string) {
  let query = db
    .selectFrom("snapshot_units as u")
    .innerJoin("unit_contents as c", "c.content_hash", "u.content_hash")
    .select([
      "u.path",
      "u.qualified_name",
      "u.kind",
      "u.start_line",
      "u.end_line",
      "u.content_hash",
      "c.signature",
      "c.docstring",
      "c.source",
    ])
    .where("u.snapshot_id", "=", snapshotId)
    .orderBy("u.path")
    .orderBy("u.start_line");
  if (path !== undefined) query = query.where("u.path", "=", path);
  return query.execute();
}

/** Files of a snapshot that could not be parsed cleanly. */
export async function findFileProblems(
  db: Db,
  snapshotId: string,
): Promise<Selectable<SnapshotFilesTable>[]> {
  return db
    .selectFrom("snapshot_files")
    .selectAll()
    .where("snapshot_id", "=", snapshotId)
    .where("status", "!=", "parsed")
    .orderBy("path")
    .execute();
}
