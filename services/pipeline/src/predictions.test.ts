import { describe, expect, it } from "vitest";
import { parseInstances } from "./eval-instances.js";
import { PipelineError } from "./pipeline-error.js";
import { parsePredictions } from "./predictions.js";
import { parseRedoStages } from "./stages.js";

describe("parsePredictions", () => {
  const one = { instance_id: "a__b.c1", model_patch: "diff --git a/x b/x\n", model_name_or_path: "m" };

  it("reads a list, a dict keyed by instance id (mini-swe-agent), a single object and JSON lines", () => {
    const want = [{ instanceId: "a__b.c1", modelPatch: "diff --git a/x b/x\n", modelName: "m" }];
    expect(parsePredictions(JSON.stringify([one]))).toEqual(want);
    expect(parsePredictions(JSON.stringify({ "a__b.c1": one }, null, 2))).toEqual(want);
    expect(parsePredictions(JSON.stringify(one))).toEqual(want);
    const two = { ...one, instance_id: "a__b.c2", model_patch: null };
    expect(parsePredictions(`${JSON.stringify(one)}\n${JSON.stringify(two)}\n`)).toEqual([
      ...want,
      { instanceId: "a__b.c2", modelPatch: null, modelName: "m" },
    ]);
    // The key stands in for a missing instance_id.
    expect(parsePredictions(JSON.stringify({ "a__b.c9": { model_patch: "" } }))).toEqual([
      { instanceId: "a__b.c9", modelPatch: "", modelName: "" },
    ]);
    expect(parsePredictions("  ")).toEqual([]);
  });

  it("refuses what it cannot grade, naming the item", () => {
    expect(() => parsePredictions(JSON.stringify([one, one]), "p.json")).toThrow(
      /p.json item 2: a__b.c1 is predicted twice/,
    );
    expect(() => parsePredictions(JSON.stringify([{ model_patch: "" }]))).toThrow(/instance_id is missing/);
    expect(() => parsePredictions(JSON.stringify([{ instance_id: "x", model_patch: 3 }]))).toThrow(
      PipelineError,
    );
    expect(() => parsePredictions("{oops\n{}")).toThrow(/line 1: not JSON/);
  });
});

describe("parseInstances", () => {
  const row = {
    instance_id: "o__n.c1",
    repo: "o/n",
    base_commit: "a".repeat(40),
    patch: "fix",
    bug_patch: "bug",
    test_patch: "",
    FAIL_TO_PASS: '["t::a"]',
    PASS_TO_PASS: ["t::b"],
  };

  it("reads exported rows (F2P / P2P as JSON strings or lists); rows without a bug patch are SWE-bench's", () => {
    const { bug_patch: _, ...swebench } = row;
    expect(
      parseInstances(`${JSON.stringify(row)}\n${JSON.stringify({ ...swebench, instance_id: "x" })}\n`),
    ).toEqual([
      {
        instanceId: "o__n.c1",
        repo: "o/n",
        baseCommit: "a".repeat(40),
        patch: "fix",
        bugPatch: "bug",
        testPatch: "",
        failToPass: ["t::a"],
        passToPass: ["t::b"],
      },
      expect.objectContaining({ instanceId: "x", bugPatch: "" }),
    ]);
  });

  it("refuses rows it cannot grade", () => {
    expect(() => parseInstances(JSON.stringify({ ...row, repo: "" }))).toThrow(
      /row 1: repo must be a non-empty string/,
    );
    expect(() => parseInstances(JSON.stringify({ ...row, FAIL_TO_PASS: "[1]" }))).toThrow(
      /FAIL_TO_PASS must be a list/,
    );
    expect(() => parseInstances(`${JSON.stringify(row)}\n${JSON.stringify(row)}`)).toThrow(/appears twice/);
  });
});

describe("parseRedoStages", () => {
  it("takes repeated and comma-separated stages once each, and refuses unknown ones", () => {
    expect(parseRedoStages(["validate,statements", "validate"])).toEqual(["validate", "statements"]);
    expect(() => parseRedoStages(["ingest"])).toThrow(/unknown stage "ingest" \(known: check, synthesize/);
  });
});
