import type { Schema } from "@tracegen/db";
import type { EditFact } from "@tracegen/edit-families";
import type { Kysely } from "kysely";

/** A seed's trace as transplants read it: the buggy units and the edits their fix made. */
export interface SeedTrace {
  traceId: string;
  seedId: string;
  snapshotId: string;
  units: { path: string; qualifiedName: string; before: string; facts: EditFact[] }[];
}

/** The traces of one seed, or of every seed whose snapshot is `snapshotId`. */
export async function loadSeedTraces(
  db: Kysely<Schema>,
  by: { seedId: string } | { snapshotId: string },
): Promise<SeedTrace[]> {
  let query = db
    .selectFrom("traces as t")
    .innerJoin("trace_units as u", "u.trace_id", "t.id")
    .select(["t.id", "t.seed_id", "t.snapshot_id", "u.path", "u.qualified_name", "u.before", "u.edits"])
    .orderBy("t.id")
    .orderBy("u.ordinal");
  query =
    "seedId" in by
      ? query.where("t.seed_id", "=", by.seedId)
      : query.where("t.snapshot_id", "=", by.snapshotId);
  const traces = new Map<string, SeedTrace>();
  for (const row of await query.execute()) {
    let trace = traces.get(row.id);
    if (!trace) {
      trace = { traceId: row.id, seedId: row.seed_id, snapshotId: row.snapshot_id, units: [] };
      traces.set(row.id, trace);
    }
    trace.units.push({
      path: row.path,
      qualifiedName: row.qualified_name,
      before: row.before,
      facts: (row.edits ?? []) as EditFact[],
    });
  }
  return [...traces.values()];
}
