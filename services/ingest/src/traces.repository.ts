import type { Schema, TraceUnitsTable } from "@tracegen/db";
import type { Kysely, Selectable, Transaction } from "kysely";
import type { ClassifiedChange } from "./trace-facts.js";

type Db = Kysely<Schema> | Transaction<Schema>;

/** A stored trace with its changed units in order. */
export interface StoredTrace {
  id: string;
  seedId: string;
  snapshotId: string;
  testFiles: string[];
  units: Selectable<TraceUnitsTable>[];
}

/** Replaces a seed's trace facts (a re-run after a crash writes the same rows again). */
export async function saveTrace(
  trx: Transaction<Schema>,
  trace: { id: string; seedId: string; snapshotId: string; testFiles: string[]; changes: ClassifiedChange[] },
): Promise<void> {
  await trx.deleteFrom("traces").where("id", "=", trace.id).execute();
  await trx
    .insertInto("traces")
    .values({
      id: trace.id,
      seed_id: trace.seedId,
      snapshot_id: trace.snapshotId,
      test_files: JSON.stringify(trace.testFiles),
    })
    .execute();
  if (trace.changes.length === 0) return;
  await trx
    .insertInto("trace_units")
    .values(
      trace.changes.map((c, ordinal) => ({
        trace_id: trace.id,
        ordinal,
        path: c.path,
        qualified_name: c.qualifiedName,
        kind: c.kind,
        change: c.change,
        before: c.before,
        after: c.after,
        before_start_line: c.beforeStartLine,
        before_end_line: c.beforeEndLine,
        edit_families: JSON.stringify(c.classification.families),
        edits: JSON.stringify(c.classification.facts),
        raw_diff: c.classification.rawDiff,
      })),
    )
    .execute();
}

/** A seed's trace, if it has one. */
export async function findTrace(db: Db, seedId: string): Promise<StoredTrace | undefined> {
  const trace = await db.selectFrom("traces").selectAll().where("seed_id", "=", seedId).executeTakeFirst();
  if (!trace) return undefined;
  const units = await db
    .selectFrom("trace_units")
    .selectAll()
    .where("trace_id", "=", trace.id)
    .orderBy("ordinal")
    .execute();
  return {
    id: trace.id,
    seedId: trace.seed_id,
    snapshotId: trace.snapshot_id,
    testFiles: trace.test_files,
    units,
  };
}
