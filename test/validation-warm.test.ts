// Coverage-selected candidates go to a warm worker (Sandbox.runWarm); hostile candidates must
// get the verdicts they get without one: a candidate that kills the worker is validated the
// one-shot way, and a candidate that leaves a process behind cannot touch the next candidate.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database } from "@tracegen/db";
import { openTestDatabase } from "@tracegen/db/testing";
import { silentLogger } from "@tracegen/log";
import { openSandbox, type Sandbox, SandboxError, SandboxErrorCode } from "@tracegen/sandbox";
import { createValidationCore, type ValidationCore } from "@tracegen/validation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replaceLinePatch } from "./support/patches.js";
import { importTinyledger } from "./support/tinyledger.js";

const SEED = "tinyledger__tinyledger-1";
const MONEY = "src/tinyledger/money.py";

/** A real sandbox that counts its runs, warm ones and the warm runs whose worker was lost. */
function counting(inner: Sandbox) {
  const counts = { run: 0, warm: 0, lost: 0 };
  const sandbox: Sandbox = {
    kind: inner.kind,
    ...(inner.images ? { images: inner.images } : {}),
    run: (spec, signal) => {
      counts.run++;
      return inner.run(spec, signal);
    },
    runWarm: async (spec, signal) => {
      counts.warm++;
      try {
        return await (inner.runWarm as NonNullable<Sandbox["runWarm"]>)(spec, signal);
      } catch (error) {
        if (error instanceof SandboxError && error.code === SandboxErrorCode.WORKER_LOST) counts.lost++;
        throw error;
      }
    },
    close: () => inner.close(),
  };
  return { sandbox, counts };
}

/** Host processes whose command line contains the marker. */
async function processesWith(marker: string): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = await readFile(`/proc/${name}/cmdline`, "utf8").catch(() => "");
    if (cmdline.includes(marker)) found.push(Number(name));
  }
  return found;
}

describe.each(["bwrap", "docker"] as const)("warm validation in %s", (kind) => {
  let database: Database;
  let counted: ReturnType<typeof counting>;
  let core: ValidationCore;
  let snapshotId: string;
  let work: string;
  let money: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "tg-validate-warm-"));
    database = await openTestDatabase("postgres");
    snapshotId = await (await importTinyledger(database.db, work)).snapshotOf(SEED);
    counted = counting(await openSandbox(kind));
    core = createValidationCore({
      db: database.db,
      sandbox: counted.sandbox,
      workDir: join(work, "validation"),
      logger: silentLogger(),
    });
    const ready = await core.buildEnvironment(snapshotId);
    expect(ready.coverage).toBe("map");
    money = readFileSync(join(ready.env.repoDir, MONEY), "utf8");
  }, 300_000);

  afterAll(async () => {
    await counted?.sandbox.close();
    await database?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const lineOf = (needle: string) => money.split("\n").findIndex((l) => l.includes(needle)) + 1;
  const subLine = () => lineOf("return Money(self.minor - other.minor");

  it("validates a real bug in a warm worker, with the verdict of the full suite", async () => {
    const patch = replaceLinePatch(
      MONEY,
      money,
      subLine(),
      "        return Money(self.minor + other.minor, self.currency)",
    );
    const before = { ...counted.counts };
    const verdict = await core.validate(snapshotId, { patch, candidateId: "warm-bug" });
    expect(counted.counts.warm - before.warm).toBe(1);
    expect(counted.counts.run - before.run).toBe(0);
    const full = await core.validate(snapshotId, { patch, candidateId: "warm-bug-full", selection: "full" });
    expect(verdict).toMatchObject({ kind: "valid", selection: "covered" });
    expect(full.kind).toBe("valid");
    expect(verdict.failToPass).toEqual(full.failToPass);
  });

  it("validates a candidate that kills the worker the one-shot way, with the full suite's verdict", async () => {
    const patch = replaceLinePatch(
      MONEY,
      money,
      subLine(),
      "        import os, signal\n        os.kill(os.getppid(), signal.SIGKILL)\n        return Money(self.minor + other.minor, self.currency)",
    );
    const before = { ...counted.counts };
    const verdict = await core.validate(snapshotId, { patch, candidateId: "warm-killer" });
    expect(counted.counts.lost - before.lost).toBe(1);
    expect(counted.counts.run - before.run).toBeGreaterThan(0);
    const full = await core.validate(snapshotId, {
      patch,
      candidateId: "warm-killer-full",
      selection: "full",
    });
    expect(verdict.kind).toBe(full.kind);
    expect(verdict.failToPass).toEqual(full.failToPass);
    // The worker was replaced: the next candidate goes warm again.
    const noop = replaceLinePatch(
      MONEY,
      money,
      lineOf("return cls(0, currency)"),
      "        return cls(0 * 1, currency)",
    );
    const warmBefore = counted.counts.warm;
    expect(await core.validate(snapshotId, { patch: noop, candidateId: "warm-after-killer" })).toMatchObject({
      kind: "invalid",
      reason: "NO_FAIL",
    });
    expect(counted.counts.warm - warmBefore).toBe(1);
  }, 120_000);

  it("kills what a candidate leaves running before the next candidate's tree is made", async () => {
    const marker = `m${Date.now().toString(36)}`;
    const leaver = replaceLinePatch(
      MONEY,
      money,
      subLine(),
      [
        "        import subprocess",
        `        subprocess.Popen(["sh", "-c", "sleep 0.2; while :; do echo 'broken(' > ${MONEY}; sleep 0.02; done", "${marker}"], start_new_session=True)`,
        "        return Money(self.minor + other.minor, self.currency)",
      ].join("\n"),
    );
    await core.validate(snapshotId, { patch: leaver, candidateId: "warm-leaver" });
    expect(await processesWith(marker)).toEqual([]);
    // A no-op change right after: its fresh tree has the real money.py, so nothing fails.
    const noop = replaceLinePatch(
      MONEY,
      money,
      lineOf("return cls(0, currency)"),
      "        return cls((0), currency)",
    );
    expect(await core.validate(snapshotId, { patch: noop, candidateId: "warm-after-leaver" })).toMatchObject({
      kind: "invalid",
      reason: "NO_FAIL",
    });
  }, 120_000);
});
