/** How one test ended, in pytest's own words (the `-rA` summary's status words). */
export type TestStatus = "PASSED" | "FAILED" | "ERROR" | "SKIPPED" | "XFAIL" | "XPASS";

/** Every status, in a stable order (for counting and reports). */
export const TEST_STATUSES: readonly TestStatus[] = [
  "PASSED",
  "FAILED",
  "ERROR",
  "SKIPPED",
  "XFAIL",
  "XPASS",
];

/** The outcome of one pytest node id (or of one test file that failed to collect). */
export interface TestResult {
  /** A pytest node id (`tests/test_x.py::TestC::test_y[p]`), or a file path for a collection result. */
  id: string;
  status: TestStatus;
  /** Seconds, as the report states them; 0 where the report has no durations. */
  durationS: number;
  /** The report's one-line reason (failure message, skip or xfail reason); "" when none. */
  message: string;
}

// When one id is reported twice (a failing test whose teardown also errors, a module collected
// twice), the worse outcome is kept, so a test never looks better than its worst phase.
const RANK: Record<TestStatus, number> = { PASSED: 0, SKIPPED: 1, XFAIL: 2, XPASS: 3, FAILED: 4, ERROR: 5 };

/**
 * Folds results with the same id into one, in order of first appearance: the worse status
 * wins (ERROR > FAILED > XPASS > XFAIL > SKIPPED > PASSED), durations add up, and the message
 * is the worse result's.
 */
export function mergeResults(results: Iterable<TestResult>): TestResult[] {
  const byId = new Map<string, TestResult>();
  for (const result of results) {
    const seen = byId.get(result.id);
    if (!seen) {
      byId.set(result.id, { ...result });
      continue;
    }
    const durationS = seen.durationS + result.durationS;
    if (RANK[result.status] > RANK[seen.status]) byId.set(result.id, { ...result, durationS });
    else seen.durationS = durationS;
  }
  return [...byId.values()];
}
