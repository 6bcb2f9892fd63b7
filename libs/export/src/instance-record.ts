import { ExportError, ExportErrorCode } from "./export-error.js";
import { reversePatch } from "./reverse-patch.js";

/** One verified synthetic task instance, as the run knows it. */
export interface InstanceRecord {
  instanceId: string;
  /** `owner/name`. */
  repo: string;
  /** The commit the bug patch applies to. */
  baseCommit: string;
  /** The unified diff that makes the bug; the instance's `patch` (the fix) is its reverse. */
  bugPatch: string;
  /** The diff that adds or updates the tests (empty when the tests are already in the base). */
  testPatch: string;
  problemStatement: string;
  /** Test ids that fail with the bug and pass without it. */
  failToPass: string[];
  /** Test ids that pass both ways. */
  passToPass: string[];
  /** ISO 8601 time the instance was made. */
  createdAt: string;
  /** The environment version (SWE-bench's `version`), e.g. the profile's name or the package version. */
  version: string;
  /** The sandbox image the instance was validated in. */
  imageName: string;
  /** How the candidate was made, e.g. `procedural`, `llm-rewrite`. */
  strategy: string;
  /** The mutator within the strategy, e.g. `flip-comparison`. */
  mutator: string;
  seedId: string;
  traceId: string;
  candidateId: string;
  /** The file and the unit the bug is in. */
  targetPath: string;
  targetUnit: string;
}

const REQUIRED: (keyof InstanceRecord)[] = [
  "instanceId",
  "repo",
  "baseCommit",
  "bugPatch",
  "problemStatement",
];

/**
 * One `instances.jsonl` row. SWE-bench's fields: `instance_id, repo, base_commit, patch` (the
 * fix, i.e. the reverse of the bug patch), `test_patch, problem_statement, FAIL_TO_PASS,
 * PASS_TO_PASS` (JSON strings, as SWE-bench stores them), `created_at, version`, plus
 * `hints_text` (empty) and `environment_setup_commit` (the base commit), which SWE-bench's
 * harness reads; SWE-smith's `image_name`; and TraceGen's provenance: `bug_patch, strategy,
 * mutator, seed_id, trace_id, candidate_id, target_path, target_unit`.
 */
export function instanceRow(r: InstanceRecord): Record<string, unknown> {
  for (const key of REQUIRED)
    if (typeof r[key] !== "string" || r[key].trim() === "")
      throw new ExportError(
        ExportErrorCode.INVALID_ARGUMENT,
        `instance ${r.instanceId || "?"}: ${key} is empty`,
      );
  if (r.failToPass.length === 0)
    throw new ExportError(ExportErrorCode.INVALID_ARGUMENT, `instance ${r.instanceId}: no FAIL_TO_PASS test`);
  return {
    instance_id: r.instanceId,
    repo: r.repo,
    base_commit: r.baseCommit,
    patch: reversePatch(r.bugPatch),
    test_patch: r.testPatch,
    problem_statement: r.problemStatement,
    hints_text: "",
    FAIL_TO_PASS: JSON.stringify(r.failToPass),
    PASS_TO_PASS: JSON.stringify(r.passToPass),
    created_at: r.createdAt,
    version: r.version,
    environment_setup_commit: r.baseCommit,
    image_name: r.imageName,
    bug_patch: r.bugPatch,
    strategy: r.strategy,
    mutator: r.mutator,
    seed_id: r.seedId,
    trace_id: r.traceId,
    candidate_id: r.candidateId,
    target_path: r.targetPath,
    target_unit: r.targetUnit,
  };
}
