import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database } from "@tracegen/db";
import { openTestDatabase } from "@tracegen/db/testing";
import { createIngestCore } from "@tracegen/ingest";
import { silentLogger } from "@tracegen/log";
import { openSandbox, type Sandbox } from "@tracegen/sandbox";
import { createValidationCore, type ValidationCore } from "@tracegen/validation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readText, tinyledger } from "./support/fixtures.js";
import { replaceLinePatch } from "./support/patches.js";
import { importTinyledger } from "./support/tinyledger.js";

const SEED = "tinyledger__tinyledger-1";
const MONEY = "src/tinyledger/money.py";

describe.each(["bwrap", "docker"] as const)("validation in %s", (kind) => {
  let database: Database;
  let sandbox: Sandbox;
  let core: ValidationCore;
  let snapshotId: string;
  let work: string;
  let money: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "tg-validate-"));
    database = await openTestDatabase("postgres");
    snapshotId = await (await importTinyledger(database.db, work)).snapshotOf(SEED);
    sandbox = await openSandbox(kind);
    core = createValidationCore({
      db: database.db,
      sandbox,
      workDir: join(work, "validation"),
      logger: silentLogger(),
    });
    const ready = await core.buildEnvironment(snapshotId);
    expect(ready.coverage).toBe("map");
    expect(ready.baseline.results.size).toBeGreaterThan(60);
    money = readFileSync(join(ready.env.repoDir, MONEY), "utf8");
  }, 300_000);

  afterAll(async () => {
    await sandbox?.close();
    await database?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const lineOf = (needle: string) => money.split("\n").findIndex((l) => l.includes(needle)) + 1;

  it("finds a real bug valid, with only the covering tests run, and agrees with the full suite", async () => {
    const patch = replaceLinePatch(
      MONEY,
      money,
      lineOf("return Money(self.minor - other.minor"),
      "        return Money(self.minor + other.minor, self.currency)",
    );
    const verdict = await core.validate(snapshotId, { patch });
    if (verdict.kind !== "valid")
      console.log(
        JSON.stringify(verdict),
        verdict.logRef ? (await core.readLog(verdict.logRef)).slice(0, 3000) : "",
      );
    expect(verdict.kind).toBe("valid");
    expect(verdict.failToPass.length).toBeGreaterThan(0);
    expect(verdict.passToPass.length).toBeGreaterThan(0);
    expect(verdict.selection).toBe("covered");
    const full = await core.validate(snapshotId, { patch, candidateId: "full-run", selection: "full" });
    expect(full.kind).toBe("valid");
    expect(full.failToPass).toEqual(verdict.failToPass);
    expect(verdict.testsRun).toBeLessThan(full.testsRun);
    // Stored once: asking again returns the same verdict without running anything.
    expect(await core.validate(snapshotId, { patch })).toEqual(verdict);
  });

  it("answers a no-op change, a syntax error, a patch that does not apply and a ../ path", async () => {
    const noop = replaceLinePatch(
      MONEY,
      money,
      lineOf("return cls(0, currency)"),
      "        return cls(0 * 1, currency)",
    );
    expect(await core.validate(snapshotId, { patch: noop })).toMatchObject({
      kind: "invalid",
      reason: "NO_FAIL",
    });

    const syntax = replaceLinePatch(
      MONEY,
      money,
      lineOf("return Money(-self.minor"),
      "        return Money(-self.minor, self.currency",
    );
    expect(await core.validate(snapshotId, { patch: syntax })).toMatchObject({
      kind: "error",
      reason: "SYNTAX_ERROR",
    });

    const stale = replaceLinePatch(
      MONEY,
      money.replace("return Money(-self.minor", "return Money(0 - self.minor"),
      lineOf("return Money(-self.minor"),
      "        pass",
    );
    expect(await core.validate(snapshotId, { patch: stale })).toMatchObject({
      kind: "error",
      reason: "PATCH_APPLY_FAILED",
    });

    const outside =
      "diff --git a/../outside.py b/../outside.py\n--- a/../outside.py\n+++ b/../outside.py\n@@ -1 +1 @@\n-x = 1\n+x = 2\n";
    const rejected = await core.validate(snapshotId, { patch: outside });
    expect(rejected).toMatchObject({ kind: "error", reason: "REJECTED_PATCH" });
    expect(rejected.testsRun).toBe(0);
  });

  it("gold-checks seeds: every example seed holds, a seed with a wrong F2P is a mismatch naming the test", async () => {
    for (const line of readText(tinyledger.seedsJsonl).trim().split("\n")) {
      const id = (JSON.parse(line) as { instance_id: string }).instance_id;
      const check = await core.checkSeed(id);
      expect({ id, outcome: check.outcome, mismatches: check.mismatches }).toEqual({
        id,
        outcome: "ok",
        mismatches: [],
      });
    }
    const row = JSON.parse(readText(tinyledger.seedsJsonl).split("\n")[0] ?? "{}") as Record<string, unknown>;
    const p2p = JSON.parse(String(row.PASS_TO_PASS)) as string[];
    const wrong = { ...row, instance_id: "tinyledger__wrong-f2p", FAIL_TO_PASS: JSON.stringify([p2p[0]]) };
    const ingest = createIngestCore({
      db: database.db,
      mirrorsDir: join(work, "mirrors"),
      logger: silentLogger(),
    });
    await ingest.importSeeds({ content: JSON.stringify(wrong) });
    const check = await core.checkSeed("tinyledger__wrong-f2p");
    expect(check.outcome).toBe("mismatch");
    expect(check.mismatches).toContainEqual({
      test: p2p[0],
      phase: "before_fix",
      expected: "fail",
      got: "PASSED",
    });
  }, 300_000);

  it("ends an infinite loop with a timeout verdict", async () => {
    const profile = {
      repo: tinyledger.repo,
      aptPackages: [],
      env: { PYTHONPATH: "src" },
      install: [],
      testCmd: "python3 -m pytest -p no:cacheprovider",
      timeoutS: 8,
    };
    await core.buildEnvironment(snapshotId, profile);
    const loop = replaceLinePatch(
      MONEY,
      money,
      lineOf("return Money(self.minor + other.minor"),
      "        while True:\n            pass",
    );
    const started = Date.now();
    const verdict = await core.validate(snapshotId, { patch: loop }, profile);
    expect(verdict.kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);
});
