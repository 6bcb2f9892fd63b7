import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database } from "@tracegen/db";
import { openTestDatabase } from "@tracegen/db/testing";
import { createIngestCore } from "@tracegen/ingest";
import { silentLogger } from "@tracegen/log";
import { openSandbox } from "@tracegen/sandbox";
import { createValidationCore } from "@tracegen/validation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CALC = "def add(a, b):\n    return a + b\n\n\ndef mul(a, b):\n    return a * b\n";
const TESTS = `import random

from calc import add, mul


def test_add():
    assert add(2, 3) == 5


def test_mul():
    assert mul(2, 3) == 6


def test_coin_flip():
    # Fails about half the time: a flaky test.
    assert random.SystemRandom().random() < 0.5
`;

describe("flaky tests", () => {
  let work: string;
  let database: Database;
  let commit: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "tg-flaky-"));
    const repo = join(work, "repo");
    mkdirSync(join(repo, "tests"), { recursive: true });
    writeFileSync(join(repo, "calc.py"), CALC);
    writeFileSync(join(repo, "tests/test_calc.py"), TESTS);
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], {
        cwd: repo,
        encoding: "utf8",
      }).trim();
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "flaky fixture");
    commit = git("rev-parse", "HEAD");
    database = await openTestDatabase("pglite");
  });
  afterAll(async () => {
    await database?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("are found by repeated baseline runs and kept out of F2P and P2P", async () => {
    const patch =
      "diff --git a/calc.py b/calc.py\n--- a/calc.py\n+++ b/calc.py\n@@ -4,3 +4,3 @@\n \n def mul(a, b):\n-    return a * b\n+    return a * b * 1\n";
    const row = {
      instance_id: "flaky__fixture-1",
      repo: "flaky/fixture",
      base_commit: commit,
      patch,
      test_patch: "",
      FAIL_TO_PASS: ["tests/test_calc.py::test_mul"],
    };
    const ingest = createIngestCore({
      db: database.db,
      mirrorsDir: join(work, "mirrors"),
      logger: silentLogger(),
    });
    const imported = await ingest.importSeeds({
      content: JSON.stringify(row),
      repos: [{ repo: "flaky/fixture", source: join(work, "repo") }],
    });
    expect(imported.summary?.ready).toBe(1);
    const snapshotId = (await ingest.getSeed("flaky__fixture-1")).snapshot?.id ?? "";

    const sandbox = await openSandbox("bwrap");
    try {
      // Ten runs: the chance a coin-flip test gives the same outcome every time is 2 in 1,024.
      const core = createValidationCore({
        db: database.db,
        sandbox,
        workDir: join(work, "validation"),
        logger: silentLogger(),
        baselineRuns: 10,
      });
      const ready = await core.buildEnvironment(snapshotId);
      expect([...ready.baseline.flaky]).toEqual(["tests/test_calc.py::test_coin_flip"]);
      // A bug in add: test_add fails; the flaky test is neither F2P nor P2P whatever it does.
      const bug =
        "diff --git a/calc.py b/calc.py\n--- a/calc.py\n+++ b/calc.py\n@@ -1,2 +1,2 @@\n def add(a, b):\n-    return a + b\n+    return a - b\n";
      const verdict = await core.validate(snapshotId, { patch: bug, selection: "full" });
      expect(verdict).toMatchObject({
        kind: "valid",
        failToPass: ["tests/test_calc.py::test_add"],
        passToPass: ["tests/test_calc.py::test_mul"],
      });
    } finally {
      await sandbox.close();
    }
  }, 180_000);
});
