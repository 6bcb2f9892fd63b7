import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CoverageMap } from "@tracegen/coverage";
import { openTestDatabase } from "@tracegen/db/testing";
import { silentLogger } from "@tracegen/log";
import { openSandbox, type Sandbox } from "@tracegen/sandbox";
import { type CandidateRow, createSynthesisCore, loadSeedTraces } from "@tracegen/synthesis";
import { createValidationCore, type ValidationCore } from "@tracegen/validation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importTinyledger } from "./support/tinyledger.js";

// One database and environment for the whole file: synthesis reads what ingest and
// validation stored (units, traces, the coverage map and baseline).
describe("synthesis core on the tinyledger seeds", () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let work: string;
  let sandbox: Sandbox;
  let validation: ValidationCore;
  const seedId = "tinyledger__tinyledger-1";
  let snapshotId = "";
  const core = () =>
    createSynthesisCore({
      db: database.db,
      logger: silentLogger(),
      ensureCoverage: async (id) => void (await validation.buildEnvironment(id)),
    });
  const collect = async (request: Parameters<ReturnType<typeof core>["synthesize"]>[0]) => {
    const rows: CandidateRow[] = [];
    const summary = await core().synthesize(request, (row) => void rows.push(row));
    return { rows, summary };
  };

  beforeAll(async () => {
    database = await openTestDatabase("postgres");
    work = mkdtempSync(join(tmpdir(), "tg-synth-"));
    sandbox = await openSandbox("bwrap");
    validation = createValidationCore({
      db: database.db,
      sandbox,
      workDir: join(work, "validation"),
      logger: silentLogger(),
    });
    snapshotId = await (await importTinyledger(database.db, work)).snapshotOf(seedId);
  });
  afterAll(async () => {
    await sandbox?.close();
    await database?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("transplants the inverse of the seed's fix into other units, with provenance", async () => {
    const [trace] = await loadSeedTraces(database.db, { seedId });
    const seedUnits = new Set(trace?.units.map((u) => `${u.path}:${u.qualifiedName}`));
    const families = new Set(trace?.units.flatMap((u) => u.facts.map((f) => f.family)));
    expect(families.has("comparison_operator")).toBe(true);
    const { rows, summary } = await collect({
      seedId,
      strategies: ["transplant"],
      maxCandidates: 5,
      randomSeed: 7,
    });
    expect(summary.targeting).toBe("coverage");
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatchObject({
        strategy: "transplant",
        seed_id: seedId,
        trace_id: trace?.traceId,
        snapshot_id: snapshotId,
      });
      expect(seedUnits.has(`${row.target_path}:${row.target_unit}`)).toBe(false);
      expect(row.detail.family).toBe("comparison_operator");
      expect(["flip_comparison", "change_operator"]).toContain(row.mutator);
      expect(row.patch).toMatch(/^diff --git a\//);
    }
  });

  it("targets only units that passing tests execute, never test code, and validates its candidates", async () => {
    const { rows } = await collect({
      snapshotId,
      strategies: ["procedural"],
      maxCandidates: 12,
      randomSeed: 3,
    });
    expect(rows.length).toBe(12);
    expect(new Set(rows.map((r) => r.mutator)).size).toBeGreaterThan(4);
    const env = await database.db
      .selectFrom("coverage_maps")
      .innerJoin("environments", "environments.id", "coverage_maps.environment_id")
      .select("map")
      .where("environments.snapshot_id", "=", snapshotId)
      .executeTakeFirstOrThrow();
    const map = CoverageMap.fromBinary(env.map);
    for (const row of rows) {
      expect(row.target_path).not.toMatch(/(^|\/)tests?\//);
      const changed = [...row.patch.matchAll(/^@@ -(\d+)/gm)].map((m) => Number(m[1]));
      const lines = changed.flatMap((start) => Array.from({ length: 8 }, (_, i) => start + i));
      expect(map.testsForLines(row.target_path, lines).size).toBeGreaterThan(0);
    }
    const verdicts = [];
    for (const row of rows.slice(0, 6))
      verdicts.push(await validation.validate(snapshotId, { patch: row.patch, candidateId: row.id }));
    expect(verdicts.every((v) => v.kind !== "error" || v.reason !== "PATCH_APPLY_FAILED")).toBe(true);
    expect(verdicts.filter((v) => v.kind === "valid").length).toBeGreaterThan(0);
  });

  it("is deterministic for a random seed, and drops a candidate whose normalised AST exists", async () => {
    const again = await collect({ snapshotId, strategies: ["procedural"], maxCandidates: 3, randomSeed: 3 });
    const before = await database.db
      .selectFrom("candidates")
      .select("id")
      .where("random_seed", "!=", "0")
      .execute();
    // The first 12 drafts of seed 3 are stored already: they come back as duplicates.
    expect(again.summary.duplicates).toBeGreaterThanOrEqual(12);
    expect(again.rows.every((r) => before.some((b) => b.id === r.id))).toBe(true);
    const dup = await database.db
      .selectFrom("candidates")
      .select(({ fn }) => [fn.count<string>("id").as("n"), fn.count<string>("ast_key").distinct().as("keys")])
      .executeTakeFirstOrThrow();
    expect(dup.n).toBe(dup.keys);
  });

  it("combines two validated bugs of one file into a candidate that names them", async () => {
    // With the six validated above, ten more make two valid bugs in one file very likely.
    const { rows } = await collect({
      snapshotId,
      strategies: ["procedural"],
      maxCandidates: 10,
      randomSeed: 11,
    });
    for (const row of rows) await validation.validate(snapshotId, { patch: row.patch, candidateId: row.id });
    const { rows: combined } = await collect({
      snapshotId,
      strategies: ["combine"],
      maxCandidates: 2,
      randomSeed: 1,
    });
    expect(combined.length).toBeGreaterThan(0);
    for (const row of combined) {
      expect(row.combined_from).toHaveLength(2);
      const parts = await database.db
        .selectFrom("candidates")
        .selectAll()
        .where("id", "in", row.combined_from)
        .execute();
      expect(new Set(parts.map((p) => p.target_path))).toEqual(new Set([row.target_path]));
      const verdict = await validation.validate(snapshotId, { patch: row.patch, candidateId: row.id });
      expect(verdict.kind).not.toBe("error");
    }
  }, 240_000);

  it("rejects a request without a target or with an unknown mutator", async () => {
    await expect(core().synthesize({ strategies: ["procedural"], maxCandidates: 1 })).rejects.toThrow(
      /exactly one/,
    );
    await expect(
      core().synthesize({
        snapshotId,
        strategies: ["procedural"],
        maxCandidates: 1,
        mutators: ["nope" as never],
      }),
    ).rejects.toThrow(/unknown mutator/);
    await expect(
      core().synthesize({ seedId: "no-such-seed", strategies: ["procedural"], maxCandidates: 1 }),
    ).rejects.toThrow(/no seed/);
  });
});
