import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CoverageMap } from "@tracegen/coverage";
import type { Database } from "@tracegen/db";
import { openTestDatabase } from "@tracegen/db/testing";
import { silentLogger } from "@tracegen/log";
import { createRetrievalCore, type RetrievalCoreOptions } from "@tracegen/retrieval";
import { openSandbox, type Sandbox } from "@tracegen/sandbox";
import { createValidationCore } from "@tracegen/validation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importTinyledger } from "./support/tinyledger.js";

const SEED = "tinyledger__tinyledger-3";

describe("retrieval with a real coverage map (bwrap)", () => {
  let database: Database;
  let sandbox: Sandbox;
  let work: string;
  let snapshotId: string;
  let map: CoverageMap;
  let passing: Set<string>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "tg-rcov-"));
    database = await openTestDatabase("postgres");
    snapshotId = await (await importTinyledger(database.db, work)).snapshotOf(SEED);
    sandbox = await openSandbox("bwrap");
    const validation = createValidationCore({
      db: database.db,
      sandbox,
      workDir: join(work, "validation"),
      logger: silentLogger(),
    });
    const ready = await validation.buildEnvironment(snapshotId);
    expect(ready.coverage).toBe("map");
    const stored = await database.db
      .selectFrom("coverage_maps")
      .select("map")
      .where("environment_id", "=", ready.env.id)
      .executeTakeFirstOrThrow();
    map = CoverageMap.fromBinary(stored.map);
    passing = new Set(
      [...ready.baseline.results]
        .filter(([t, s]) => s === "PASSED" && !ready.baseline.flaky.has(t))
        .map(([t]) => t),
    );
    await database.db
      .updateTable("trace_units")
      .set({ edit_families: JSON.stringify(["exception_handling"]) })
      .where("trace_id", "=", `trace:${SEED}`)
      .execute();
  }, 600_000);
  afterAll(async () => {
    await sandbox?.close();
    await database?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const core = (options: Partial<RetrievalCoreOptions> = {}) =>
    createRetrievalCore({
      db: database.db,
      indexDir: join(work, "index"),
      logger: silentLogger(),
      ...options,
    });
  /** Whether a passing test executes a line of the unit's body, asked of the map directly. */
  const executed = (h: { path: string; startLine: number; endLine: number }) => {
    const body = Array.from({ length: h.endLine - h.startLine }, (_, i) => h.startLine + 1 + i);
    return [...map.testsForLines(h.path, body)].some((t) => passing.has(t));
  };

  it("marks covered units as the map says, ranks applicable and covered candidates first, and counts the seed retrievable", async () => {
    const retrieval = core({ applicability: (_trace, unit) => unit.source.includes("raise ") });
    await retrieval.indexSnapshot(snapshotId);
    // Every unit of the snapshot outside the tests and the fix.
    const all = await retrieval.search({ seedId: SEED }, { k: 500 });
    expect(all.length).toBeGreaterThan(20);
    for (const h of all) expect(h.covered).toBe(executed(h));
    expect(all.some((h) => h.covered)).toBe(true);
    expect(all.some((h) => h.applicable)).toBe(true);
    expect(all.some((h) => !h.applicable)).toBe(true);
    // Applicable and covered first, then applicable, then covered, then the rest; each by score.
    const tier = (h: { applicable?: boolean; covered: boolean }) =>
      h.applicable && h.covered ? 0 : h.applicable ? 1 : h.covered ? 2 : 3;
    for (let i = 1; i < all.length; i++) {
      expect(tier(all[i]!)).toBeGreaterThanOrEqual(tier(all[i - 1]!));
      if (tier(all[i]!) === tier(all[i - 1]!)) expect(all[i]!.score).toBeLessThanOrEqual(all[i - 1]!.score);
    }

    const covered = await retrieval.search({ seedId: SEED }, { k: 10, filter: { coveredOnly: true } });
    expect(covered.length).toBeGreaterThan(0);
    expect(covered.every((h) => h.covered && executed(h))).toBe(true);
    const byCode = await retrieval.search(
      { code: "def parse_amount(text):\n    return Decimal(text)\n" },
      { k: 10, filter: { coveredOnly: true, snapshotId } },
    );
    expect(byCode.length).toBeGreaterThan(0);
    expect(byCode.every((h) => h.covered && executed(h))).toBe(true);

    const report = await core().retrievability([SEED]);
    expect(report).toMatchObject({ seeds: 1, retrievable: 1 });
    expect(report.results[0]!.candidates).toBeGreaterThan(0);
    expect(report.results[0]!.best?.unitId).toBe(
      (await core().search({ seedId: SEED }, { k: 1, filter: { coveredOnly: true } }))[0]!.unitId,
    );

    const nothingApplies = await core({ applicability: () => false }).retrievability([SEED]);
    expect(nothingApplies.results[0]).toMatchObject({ outcome: "no_applicable_edit", candidates: 0 });
  }, 300_000);
});
