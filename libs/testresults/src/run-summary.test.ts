import { describe, expect, it } from "vitest";
import { runSummary } from "./run-summary.js";
import type { TestResult, TestStatus } from "./test-result.js";

const r = (id: string, status: TestStatus): TestResult => ({ id, status, durationS: 0, message: "" });

describe("runSummary", () => {
  it("counts statuses", () => {
    const summary = runSummary([r("a.py::t1", "PASSED"), r("a.py::t2", "FAILED"), r("a.py::t3", "PASSED")]);
    expect(summary).toEqual({
      counts: { PASSED: 2, FAILED: 1, ERROR: 0, SKIPPED: 0, XFAIL: 0, XPASS: 0 },
      total: 3,
      ranAny: true,
    });
  });

  it("sees no run in empty, skipped-only or collection-error-only reports", () => {
    expect(runSummary([]).ranAny).toBe(false);
    expect(runSummary([r("a.py::t", "SKIPPED")]).ranAny).toBe(false);
    expect(runSummary([r("a.py", "ERROR"), r("b.py", "SKIPPED")]).ranAny).toBe(false);
    expect(runSummary([r("a.py", "ERROR"), r("b.py::t", "ERROR")]).ranAny).toBe(true);
    expect(runSummary([r("a.py::t", "XFAIL")]).ranAny).toBe(true);
  });
});
