import type {
  Schema,
  SnapshotFilesTable,
  SnapshotsTable,
  SnapshotUnitsTable,
  UnitContentsTable,
} from "@tracegen/db";
import type { Insertable, Kysely, Selectable, Transaction } from "kysely";

/** A stored snapshot row. */
export type StoredSnapshot = Selectable<SnapshotsTable>;
type Db = Kysely<Schema> | Transaction<Schema>;

/** Rows per INSERT: well under Postgres' 65,535 bind parameters for these tables. */
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
 * Stores a parsed snapshot in one transaction and marks it parsed: a crash leaves it pending
 * and the next import parses it again. Unit contents already stored (by any snapshot) are not
 * sent again.
 */
export async function storeParsedSnapshot(
  db: Kysely<Schema>,
  snapshotId: string,
  rows: ParsedSnapshotRows,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const fresh = await withoutStoredContents(trx, rows.contents);
    for (let i = 0; i < fresh.length; i += BATCH) {
      await trx
        .insertInto("unit_contents")
        .values(fresh.slice(i, i + BATCH))
        .onConflict((oc) => oc.column("content_hash").doNothing())
        .execute();
    }
    for (let i = 0; i < rows.files.length; i += BATCH) {
      await trx
        .insertInto("snapshot_files")
        .values(rows.files.slice(i, i + BATCH))
        .onConflict((oc) => oc.columns(["snapshot_id", "path"]).doNothing())
        .execute();
    }
    for (let i = 0; i < rows.units.length; i += BATCH) {
      await trx
        .insertInto("snapshot_units")
        .values(rows.units.slice(i, i + BATCH))
        .onConflict((oc) => oc.columns(["snapshot_id", "path", "qualified_name", "start_line"]).doNothing())
        .execute();
    }
    await trx
      .updateTable("snapshots")
      .set({
        status: "parsed",
        parsed_at: new Date(),
        file_count: rows.files.length,
        unit_count: rows.units.length,
        file_error_count: rows.files.filter((f) => f.status !== "parsed").length,
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
