import type { Schema } from "@tracegen/db";
import type { Kysely } from "kysely";
import { type RunSeed, SYNTHESIZED } from "./run-scope.js";
import type { RedoStage } from "./stages.js";

/** Rows removed for a redo, by table. */
export type RedoCounts = Partial<Record<"seed_checks" | "candidates" | "verdicts" | "instances", number>>;

/**
 * Removes what the given stages stored for the run's seeds, so the run makes it again, in one
 * transaction: `check` their gold checks; `synthesize` the run's candidates on their snapshots
 * (with their verdicts and instances); `validate` those verdicts (and the instances made from
 * them); `statements` the instances. `export` removes nothing (the files are always rewritten).
 */
export async function redoStages(
  db: Kysely<Schema>,
  seeds: readonly RunSeed[],
  stages: readonly RedoStage[],
): Promise<RedoCounts> {
  const counts: RedoCounts = {};
  const seedIds = seeds.map((s) => s.id);
  const snapshots = [...new Set(seeds.flatMap((s) => (s.snapshotId ? [s.snapshotId] : [])))];
  const has = (stage: RedoStage) => stages.includes(stage);
  await db.transaction().execute(async (trx) => {
    const runCandidates = trx
      .selectFrom("candidates")
      .select("id")
      .where("snapshot_id", "in", snapshots.length ? snapshots : [""])
      .where("strategy", "in", [...SYNTHESIZED]);
    const removed = (result: { numDeletedRows: bigint }[]) => Number(result[0]?.numDeletedRows ?? 0n);
    if (has("check") && seedIds.length)
      counts.seed_checks = removed(
        await trx.deleteFrom("seed_checks").where("seed_id", "in", seedIds).execute(),
      );
    if (has("synthesize") || has("validate") || has("statements"))
      counts.instances = removed(
        await trx.deleteFrom("instances").where("candidate_id", "in", runCandidates).execute(),
      );
    if (has("synthesize") || has("validate"))
      counts.verdicts = removed(
        await trx.deleteFrom("verdicts").where("candidate_id", "in", runCandidates).execute(),
      );
    if (has("synthesize")) {
      // Combined candidates name the ones they merge: all of a snapshot's go together.
      counts.candidates = removed(
        await trx
          .deleteFrom("candidates")
          .where("snapshot_id", "in", snapshots.length ? snapshots : [""])
          .where("strategy", "in", [...SYNTHESIZED])
          .execute(),
      );
    }
  });
  return counts;
}
