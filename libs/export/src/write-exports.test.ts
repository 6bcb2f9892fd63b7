import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeFileAtomic } from "./atomic-write.js";
import { ExportErrorCode } from "./export-error.js";
import { instanceRow } from "./instance-record.js";
import { reversePatch } from "./reverse-patch.js";
import { emptyRunSummary } from "./run-summary.js";
import { sampleInstances, sampleSummary } from "./sample-run.test-suite.js";
import { writeExports } from "./write-exports.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("instanceRow", () => {
  it("has SWE-bench's fields, the fix as patch, and the provenance fields", () => {
    const record = sampleInstances()[0]!;
    const row = instanceRow(record);
    expect(Object.keys(row)).toEqual(
      expect.arrayContaining([
        "instance_id",
        "repo",
        "base_commit",
        "patch",
        "test_patch",
        "problem_statement",
        "FAIL_TO_PASS",
        "PASS_TO_PASS",
        "created_at",
        "version",
        "image_name",
        "strategy",
        "mutator",
        "seed_id",
        "trace_id",
        "bug_patch",
      ]),
    );
    expect(row.patch).toBe(reversePatch(record.bugPatch));
    expect(row.bug_patch).toBe(record.bugPatch);
    expect(row.FAIL_TO_PASS).toBe(JSON.stringify(record.failToPass));
    expect(JSON.parse(row.PASS_TO_PASS as string)).toEqual(record.passToPass);
    expect(row).toMatchObject({
      instance_id: record.instanceId,
      base_commit: record.baseCommit,
      environment_setup_commit: record.baseCommit,
      seed_id: record.seedId,
      image_name: record.imageName,
    });
  });

  it("refuses an instance without F2P tests or without a statement", () => {
    const record = sampleInstances()[0]!;
    expect(() => instanceRow({ ...record, failToPass: [] })).toThrow(
      expect.objectContaining({ code: ExportErrorCode.INVALID_ARGUMENT }),
    );
    expect(() => instanceRow({ ...record, problemStatement: " " })).toThrow(/problemStatement is empty/);
  });
});

describe("writeExports", () => {
  it("writes instances.jsonl, summary.json and report.html and nothing else", async () => {
    const instances = sampleInstances();
    const summary = sampleSummary();
    const paths = await writeExports(join(dir, "out"), instances, summary);
    expect(paths).toEqual({
      instancesPath: join(dir, "out/instances.jsonl"),
      summaryPath: join(dir, "out/summary.json"),
      reportPath: join(dir, "out/report.html"),
    });
    const lines = (await readFile(paths.instancesPath, "utf8")).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((line) => JSON.parse(line).instance_id)).toEqual(instances.map((i) => i.instanceId));
    expect(JSON.parse(await readFile(paths.summaryPath, "utf8"))).toEqual(summary);
    expect(await readFile(paths.reportPath, "utf8")).toContain(instances[0]!.instanceId);
    expect((await readdir(join(dir, "out"))).sort()).toEqual([
      "instances.jsonl",
      "report.html",
      "summary.json",
    ]);
  });

  it("writes empty files for a run without instances", async () => {
    const summary = emptyRunSummary({ runId: "r", repos: [], startedAt: "2025-01-01T00:00:00Z" });
    const paths = await writeExports(dir, [], summary);
    expect(await readFile(paths.instancesPath, "utf8")).toBe("");
    expect(await readFile(paths.reportPath, "utf8")).toContain("No instances in this run.");
  });

  it("changes no file when a record is bad", async () => {
    const instances = sampleInstances();
    await writeExports(dir, instances.slice(0, 2), sampleSummary());
    const before = await readFile(join(dir, "instances.jsonl"), "utf8");
    const broken = { ...instances[2]!, bugPatch: "--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n" };
    await expect(writeExports(dir, [...instances, broken], sampleSummary())).rejects.toMatchObject({
      code: ExportErrorCode.BAD_PATCH,
    });
    expect(await readFile(join(dir, "instances.jsonl"), "utf8")).toBe(before);
    expect((await readdir(dir)).sort()).toEqual(["instances.jsonl", "report.html", "summary.json"]);
  });
});

describe("writeFileAtomic", () => {
  it("leaves the old file whole and no temporary file when writing fails midway", async () => {
    const path = join(dir, "instances.jsonl");
    await writeFile(path, "old\n");
    function* chunks() {
      // More than one flush's worth reaches the temporary file before the failure.
      yield "x".repeat(3 << 20);
      throw new Error("crash while producing rows");
    }
    await expect(writeFileAtomic(path, chunks())).rejects.toThrow("crash while producing rows");
    expect(await readFile(path, "utf8")).toBe("old\n");
    expect(await readdir(dir)).toEqual(["instances.jsonl"]);
  });

  it("replaces the file in one step", async () => {
    const path = join(dir, "summary.json");
    await writeFile(path, "old");
    await writeFileAtomic(path, ["new ", "content"]);
    expect(await readFile(path, "utf8")).toBe("new content");
  });
});
