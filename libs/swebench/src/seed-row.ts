import { createHash } from "node:crypto";

/** A SWE-bench row, normalised: test lists are arrays, optional text fields are strings. */
export interface SeedRow {
  instance_id: string;
  repo: string;
  base_commit: string;
  patch: string;
  test_patch: string;
  problem_statement: string;
  hints_text: string;
  created_at: string;
  version: string;
  environment_setup_commit: string;
  FAIL_TO_PASS: string[];
  PASS_TO_PASS: string[];
  /** Fields TraceGen does not interpret, kept as they came. */
  extra: Record<string, unknown>;
}

/** A problem with one field of one row. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * sha256 of the row's canonical JSON (keys sorted, arrays in order). Two imports of the same
 * row give the same hash whether F2P came as a JSON string or an array.
 */
export function seedContentHash(row: SeedRow): string {
  return createHash("sha256").update(canonicalJson(row)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
