import { CoverageMap } from "@tracegen/coverage";
import type { Schema } from "@tracegen/db";
import type { Kysely } from "kysely";

/** Which units of one snapshot a passing, non-flaky test executes, from the validation service's tables. */
export interface SnapshotCoverage {
  environmentId: string;
  /** True when a passing, non-flaky baseline test executes a line of the unit's body. */
  covers(unit: { path: string; startLine: number; endLine: number }): boolean;
}

interface Entry {
  checkedAt: number;
  environmentId: string | undefined;
  coverage: SnapshotCoverage | undefined;
}

/**
 * Coverage per snapshot, read from the newest ready environment that has a coverage map and a
 * baseline (what synthesis targets too). Cached; whether a newer environment appeared is asked
 * again at most every `ttlMs`, so a map built by `env build` meanwhile is picked up.
 */
export class CoverageCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly ttlMs = 5_000,
  ) {}

  /** The snapshot's coverage, or undefined when validation has not mapped it. */
  async get(snapshotId: string): Promise<SnapshotCoverage | undefined> {
    const now = Date.now();
    const entry = this.#entries.get(snapshotId);
    if (entry && now - entry.checkedAt < this.ttlMs) return entry.coverage;
    const newest = await this.db
      .selectFrom("environments as e")
      .innerJoin("coverage_maps as c", "c.environment_id", "e.id")
      .innerJoin("baselines as b", "b.environment_id", "e.id")
      .select("e.id")
      .where("e.snapshot_id", "=", snapshotId)
      .where("e.status", "=", "ready")
      .orderBy("e.created_at", "desc")
      .limit(1)
      .executeTakeFirst();
    if (entry && entry.environmentId === newest?.id) {
      entry.checkedAt = now;
      return entry.coverage;
    }
    const coverage = newest === undefined ? undefined : await this.#load(newest.id);
    this.#entries.set(snapshotId, { checkedAt: now, environmentId: newest?.id, coverage });
    return coverage;
  }

  async #load(environmentId: string): Promise<SnapshotCoverage> {
    const row = await this.db
      .selectFrom("coverage_maps as c")
      .innerJoin("baselines as b", "b.environment_id", "c.environment_id")
      .select(["c.map", "b.results", "b.flaky"])
      .where("c.environment_id", "=", environmentId)
      .executeTakeFirstOrThrow();
    const map = CoverageMap.fromBinary(row.map);
    const flaky = new Set(row.flaky);
    const passing = new Set(
      Object.entries(row.results)
        .filter(([test, status]) => status === "PASSED" && !flaky.has(test))
        .map(([test]) => test),
    );
    const memo = new Map<string, boolean>();
    return {
      environmentId,
      covers(unit) {
        const key = `${unit.path}\n${unit.startLine}\n${unit.endLine}`;
        let covered = memo.get(key);
        if (covered === undefined) {
          // The body: a `def` / `class` line (and decorators) runs at import, outside any test.
          const body: number[] = [];
          for (let line = unit.startLine + 1; line <= unit.endLine; line++) body.push(line);
          covered = false;
          for (const test of map.testsForLines(unit.path, body))
            if (passing.has(test)) {
              covered = true;
              break;
            }
          memo.set(key, covered);
        }
        return covered;
      },
    };
  }
}
