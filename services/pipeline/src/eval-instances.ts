import { PipelineError } from "./pipeline-error.js";

/** What grading needs of a task instance (a row of instances.jsonl, or a SWE-bench row). */
export interface EvalInstance {
  instanceId: string;
  repo: string;
  baseCommit: string;
  /** The fix: the gold prediction. */
  patch: string;
  /** The diff that makes the bug from the base commit ("" for SWE-bench rows: the base is buggy). */
  bugPatch: string;
  testPatch: string;
  failToPass: string[];
  passToPass: string[];
}

/** Reads instances: JSON lines (as `tracegen run` exports them) or a JSON list. */
export function parseInstances(text: string, sourceName = "instances"): EvalInstance[] {
  const trimmed = text.trim();
  const values: unknown[] = trimmed.startsWith("[")
    ? (parse(trimmed, sourceName) as unknown[])
    : trimmed
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((line, i) => parse(line, `${sourceName} line ${i + 1}`));
  const seen = new Set<string>();
  return values.map((value, i) => {
    const where = `${sourceName} row ${i + 1}`;
    if (typeof value !== "object" || value === null)
      throw new PipelineError("BAD_INPUT", `${where}: not an object`);
    const row = value as Record<string, unknown>;
    const text = (key: string, required: boolean): string => {
      const v = row[key];
      if (typeof v === "string" && (v !== "" || !required)) return v;
      if (v === undefined && !required) return "";
      throw new PipelineError(
        "BAD_INPUT",
        `${where}: ${key} must be a${required ? " non-empty" : ""} string`,
      );
    };
    const instance: EvalInstance = {
      instanceId: text("instance_id", true),
      repo: text("repo", true),
      baseCommit: text("base_commit", true),
      patch: text("patch", false),
      bugPatch: text("bug_patch", false),
      testPatch: text("test_patch", false),
      failToPass: testList(row.FAIL_TO_PASS, `${where}: FAIL_TO_PASS`),
      passToPass: testList(row.PASS_TO_PASS, `${where}: PASS_TO_PASS`),
    };
    if (seen.has(instance.instanceId))
      throw new PipelineError("BAD_INPUT", `${where}: ${instance.instanceId} appears twice`);
    seen.add(instance.instanceId);
    return instance;
  });
}

/** F2P / P2P as SWE-bench stores them (a JSON string) or as an array. */
function testList(value: unknown, where: string): string[] {
  const list = typeof value === "string" ? parse(value, where) : (value ?? []);
  if (!Array.isArray(list) || !list.every((t) => typeof t === "string"))
    throw new PipelineError("BAD_INPUT", `${where} must be a list of test ids`);
  return list;
}

function parse(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PipelineError("BAD_INPUT", `${where}: not JSON (${(error as Error).message})`);
  }
}
