import type { Schema } from "@tracegen/db";
import type { Kysely } from "kysely";
import type { SnapshotCoverage } from "./coverage.js";
import { isUnclassified, loadSeedQuery, type SeedQuery } from "./seed-query.js";
import type { SpaceIndex } from "./space-index.js";
import type { UnitHit } from "./space-search.js";
import { formatUnitId } from "./unit-id.js";

/**
 * Where a seed stands: `retrievable` (at least one applicable, covered candidate), or the first
 * reason it has none, in the order they are checked.
 */
export type RetrievabilityOutcome =
  | "retrievable"
  | "not_found"
  | "no_trace"
  | "no_buggy_unit"
  | "trace_unclassified"
  | "not_indexed"
  | "no_covered_units"
  | "no_applicable_edit";

/** One seed's outcome. */
export interface SeedRetrievability {
  seedId: string;
  outcome: RetrievabilityOutcome;
  detail: string;
  /** Applicable, covered candidates among the nearest covered units. */
  candidates: number;
  /** The best of them. */
  best?: { unitId: string; score: number };
}

/** The report over a set of seeds. */
export interface RetrievabilityReport {
  seeds: number;
  retrievable: number;
  /** Seeds per outcome (every outcome listed, zeros included). */
  buckets: Record<RetrievabilityOutcome, number>;
  results: SeedRetrievability[];
}

const OUTCOMES: RetrievabilityOutcome[] = [
  "retrievable",
  "not_found",
  "no_trace",
  "no_buggy_unit",
  "trace_unclassified",
  "not_indexed",
  "no_covered_units",
  "no_applicable_edit",
];

/** What the report asks of the core. */
export interface RetrievabilityPorts {
  state(repo: string): Promise<SpaceIndex | undefined>;
  coverage(snapshotId: string): Promise<SnapshotCoverage | undefined>;
  /** The nearest covered candidates of the seed's snapshot, evaluated (applicable first). */
  candidates(seed: SeedQuery): Promise<(UnitHit & { applicable: boolean; covered: boolean })[]>;
}

async function classify(
  db: Kysely<Schema>,
  seedId: string,
  ports: RetrievabilityPorts,
): Promise<SeedRetrievability> {
  const none = (outcome: RetrievabilityOutcome, detail: string): SeedRetrievability => ({
    seedId,
    outcome,
    detail,
    candidates: 0,
  });
  const seed = await loadSeedQuery(db, seedId);
  if ("problem" in seed) return none(seed.problem, seed.detail);
  if (isUnclassified(seed.trace))
    return none(
      "trace_unclassified",
      seed.trace.families.length === 0
        ? "the trace names no edit family yet"
        : "the fix's edits fit no known edit family",
    );
  const state = await ports.state(seed.repo);
  if (state === undefined || !state.snapshotRank.has(seed.snapshotId))
    return none("not_indexed", `snapshot ${seed.snapshotId} is not indexed: run tracegen index`);
  if ((await ports.coverage(seed.snapshotId)) === undefined)
    return none(
      "no_covered_units",
      `snapshot ${seed.snapshotId} has no coverage map: run tracegen env build --snapshot ${seed.snapshotId}`,
    );
  const candidates = await ports.candidates(seed);
  if (candidates.length === 0)
    return none("no_covered_units", "no unit of the snapshot outside the fix and the tests is covered");
  const good = candidates.filter((c) => c.applicable && c.covered);
  if (good.length === 0)
    return none(
      "no_applicable_edit",
      `the inverse edit applies to none of the ${candidates.length} nearest covered units`,
    );
  const best = good[0]!;
  return {
    seedId,
    outcome: "retrievable",
    detail: `${good.length} of the ${candidates.length} nearest covered units take the inverse edit`,
    candidates: good.length,
    best: { unitId: formatUnitId(best.unit), score: best.score },
  };
}

/** Classifies each seed (default: every seed, by id). */
export async function retrievabilityReport(
  db: Kysely<Schema>,
  seedIds: readonly string[] | undefined,
  ports: RetrievabilityPorts,
): Promise<RetrievabilityReport> {
  const ids =
    seedIds && seedIds.length > 0
      ? [...seedIds]
      : (await db.selectFrom("seeds").select("instance_id").orderBy("instance_id").execute()).map(
          (r) => r.instance_id,
        );
  const results: SeedRetrievability[] = [];
  for (const id of ids) results.push(await classify(db, id, ports));
  const buckets = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<RetrievabilityOutcome, number>;
  for (const r of results) buckets[r.outcome]++;
  return { seeds: results.length, retrievable: buckets.retrievable, buckets, results };
}
