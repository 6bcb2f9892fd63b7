import { TEST_STATUSES, type TestResult, type TestStatus } from "./test-result.js";

/** Counts of a run's results. */
export interface RunSummary {
  counts: Record<TestStatus, number>;
  total: number;
  /**
   * True when at least one test item (an id with `::`) was reached and not skipped: evidence
   * that pytest really ran tests. False for an empty or skipped-only report and for one that
   * holds only collection errors, which must not pass as a clean run.
   */
  ranAny: boolean;
}

/** Counts results per status and says whether any test actually ran. */
export function runSummary(results: readonly TestResult[]): RunSummary {
  const counts = Object.fromEntries(TEST_STATUSES.map((s) => [s, 0])) as Record<TestStatus, number>;
  let ranAny = false;
  for (const result of results) {
    counts[result.status] += 1;
    if (result.status !== "SKIPPED" && result.id.includes("::")) ranAny = true;
  }
  return { counts, total: results.length, ranAny };
}
