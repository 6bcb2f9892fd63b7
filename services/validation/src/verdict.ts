import type { TestResult, TestStatus } from "@tracegen/testresults";

/** What a validation concluded about one candidate. */
export type VerdictKind = "valid" | "invalid" | "error" | "timeout";
/** Why a candidate is not valid. */
export type VerdictReason =
  | "NO_FAIL"
  | "ALL_BROKEN"
  | "PATCH_APPLY_FAILED"
  | "SYNTAX_ERROR"
  | "COLLECTION_ERROR"
  | "ENVIRONMENT"
  | "REJECTED_PATCH";

/** A verdict with the tests that prove it. */
export interface Verdict {
  kind: VerdictKind;
  reason: VerdictReason | null;
  detail: string;
  failToPass: string[];
  passToPass: string[];
}

/** Test outcomes by id. */
export type Outcomes = ReadonlyMap<string, TestStatus>;

/**
 * Compares the tests run with the candidate against the clean baseline. F2P: passed in the
 * baseline and failed, errored or disappeared with the candidate (a module that no longer
 * imports loses its tests); P2P: passed in both. Flaky tests (outcomes that varied in the
 * baseline) count for neither.
 */
export function compareWithBaseline(
  selected: readonly string[],
  baseline: Outcomes,
  flaky: ReadonlySet<string>,
  withBug: Outcomes,
): { failToPass: string[]; passToPass: string[] } {
  const failToPass: string[] = [];
  const passToPass: string[] = [];
  for (const id of selected) {
    if (baseline.get(id) !== "PASSED" || flaky.has(id)) continue;
    const now = withBug.get(id);
    if (now === "PASSED") passToPass.push(id);
    else if (now === undefined || now === "FAILED" || now === "ERROR") failToPass.push(id);
  }
  return { failToPass: failToPass.sort(), passToPass: passToPass.sort() };
}

/**
 * The verdict from F2P / P2P: valid needs at least one of each. No failing test is NO_FAIL;
 * failing tests and no passing one is ALL_BROKEN (the bug breaks everything it touches, which
 * makes a poor task).
 */
export function decideVerdict(failToPass: string[], passToPass: string[]): Verdict {
  if (failToPass.length === 0) {
    return {
      kind: "invalid",
      reason: "NO_FAIL",
      detail: "no test that passed before fails with the patch",
      failToPass,
      passToPass,
    };
  }
  if (passToPass.length === 0) {
    return {
      kind: "invalid",
      reason: "ALL_BROKEN",
      detail: `all ${failToPass.length} selected tests fail with the patch; none stays green`,
      failToPass,
      passToPass,
    };
  }
  return { kind: "valid", reason: null, detail: "", failToPass, passToPass };
}

/** An error verdict (nothing to compare). */
export function errorVerdict(reason: VerdictReason, detail: string): Verdict {
  return { kind: "error", reason, detail, failToPass: [], passToPass: [] };
}

/** Results as a map by id. */
export function outcomesOf(results: readonly TestResult[]): Map<string, TestStatus> {
  return new Map(results.map((r) => [r.id, r.status]));
}
