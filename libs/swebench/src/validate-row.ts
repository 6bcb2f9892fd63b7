import type { FieldError, SeedRow } from "./seed-row.js";

const KNOWN_FIELDS = new Set([
  "instance_id",
  "repo",
  "base_commit",
  "patch",
  "test_patch",
  "problem_statement",
  "hints_text",
  "created_at",
  "version",
  "environment_setup_commit",
  "FAIL_TO_PASS",
  "PASS_TO_PASS",
]);
const REPO_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const COMMIT = /^[0-9a-f]{7,40}$/i;

/** The outcome of checking one row. */
export type RowCheck =
  | { ok: true; row: SeedRow }
  | { ok: false; instanceId: string | undefined; errors: FieldError[] };

/**
 * Checks one decoded row and normalises it. Every problem is reported (not just the first),
 * each naming its field.
 */
export function validateRow(value: unknown): RowCheck {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return {
      ok: false,
      instanceId: undefined,
      errors: [{ field: "(row)", message: "expected a JSON object" }],
    };
  }
  const raw = value as Record<string, unknown>;
  const errors: FieldError[] = [];
  const text = (field: string, required: boolean): string => {
    const v = raw[field];
    if (v === undefined || v === null) {
      if (required) errors.push({ field, message: "is required" });
      return "";
    }
    if (typeof v === "number") return String(v);
    if (typeof v !== "string") {
      errors.push({ field, message: `must be a string, got ${typeName(v)}` });
      return "";
    }
    if (required && v.trim() === "") errors.push({ field, message: "must not be empty" });
    return v;
  };

  const instanceId = text("instance_id", true);
  const repo = text("repo", true);
  if (repo && !REPO_NAME.test(repo))
    errors.push({ field: "repo", message: `must look like "owner/name", got "${repo}"` });
  const baseCommit = text("base_commit", true);
  if (baseCommit && !COMMIT.test(baseCommit)) {
    errors.push({
      field: "base_commit",
      message: `must be a hex commit id (7-40 chars), got "${baseCommit}"`,
    });
  }
  const patch = text("patch", true);
  if (patch && !/^(diff --git |--- )/m.test(patch)) {
    errors.push({ field: "patch", message: "is not a unified diff (no 'diff --git' or '---' header)" });
  }
  const testPatch = text("test_patch", false);
  const failToPass = testList(raw, "FAIL_TO_PASS", true, errors);
  const passToPass = testList(raw, "PASS_TO_PASS", false, errors);

  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (!KNOWN_FIELDS.has(k)) extra[k] = v;

  const row: SeedRow = {
    instance_id: instanceId,
    repo,
    base_commit: baseCommit.toLowerCase(),
    patch,
    test_patch: testPatch,
    problem_statement: text("problem_statement", false),
    hints_text: text("hints_text", false),
    created_at: text("created_at", false),
    version: text("version", false),
    environment_setup_commit: text("environment_setup_commit", false),
    FAIL_TO_PASS: failToPass,
    PASS_TO_PASS: passToPass,
    extra,
  };
  if (errors.length > 0) return { ok: false, instanceId: instanceId || undefined, errors };
  return { ok: true, row };
}

/** F2P / P2P come as a JSON-encoded string (the dataset) or an array (most tools). */
function testList(
  raw: Record<string, unknown>,
  field: string,
  required: boolean,
  errors: FieldError[],
): string[] {
  let v = raw[field];
  if (v === undefined || v === null) {
    if (required)
      errors.push({ field, message: "is required (a list of test ids, or a JSON string of one)" });
    return [];
  }
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch (error) {
      errors.push({ field, message: `is a string but not valid JSON: ${(error as Error).message}` });
      return [];
    }
  }
  if (!Array.isArray(v) || v.some((t) => typeof t !== "string")) {
    errors.push({ field, message: "must be a list of test id strings" });
    return [];
  }
  return v as string[];
}

function typeName(v: unknown): string {
  return Array.isArray(v) ? "array" : v === null ? "null" : typeof v;
}
