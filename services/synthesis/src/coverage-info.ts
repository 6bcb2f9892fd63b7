import { CoverageMap } from "@tracegen/coverage";
import type { Schema } from "@tracegen/db";
import type { Kysely } from "kysely";

/** What targeting needs from validation: who executes which line, and which tests can be trusted. */
export interface CoverageInfo {
  environmentId: string;
  map: CoverageMap;
  /** Tests that passed in every baseline run. */
  passing: ReadonlySet<string>;
  flaky: ReadonlySet<string>;
}

/**
 * The coverage map and baseline of the snapshot's newest ready environment, read from the
 * tables the validation service writes; undefined when validation has not mapped it yet.
 */
export async function loadCoverageInfo(
  db: Kysely<Schema>,
  snapshotId: string,
): Promise<CoverageInfo | undefined> {
  const row = await db
    .selectFrom("environments as e")
    .innerJoin("coverage_maps as c", "c.environment_id", "e.id")
    .innerJoin("baselines as b", "b.environment_id", "e.id")
    .select(["e.id", "c.map", "b.results", "b.flaky"])
    .where("e.snapshot_id", "=", snapshotId)
    .where("e.status", "=", "ready")
    .orderBy("e.created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  const flaky = new Set(row.flaky);
  const passing = new Set(
    Object.entries(row.results)
      .filter(([test, status]) => status === "PASSED" && !flaky.has(test))
      .map(([test]) => test),
  );
  return { environmentId: row.id, map: CoverageMap.fromBinary(row.map), passing, flaky };
}

/** Passing, non-flaky tests that execute any of `lines` of `path`. */
export function coveringTests(info: CoverageInfo, path: string, lines: readonly number[]): string[] {
  return [...info.map.testsForLines(path, lines)].filter((t) => info.passing.has(t));
}
