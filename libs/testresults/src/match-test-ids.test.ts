import { describe, expect, it } from "vitest";
import { matchTestIds } from "./match-test-ids.js";
import type { TestResult } from "./test-result.js";

const result = (id: string, status: TestResult["status"] = "PASSED"): TestResult => ({
  id,
  status,
  durationS: 0,
  message: "",
});

describe("matchTestIds", () => {
  const results = [
    result("t.py::test_x[required-Missing data]"),
    result("t.py::test_x[required-Missing data for field]", "FAILED"),
    result("t.py::test_x[required-Missing]"),
    result("t.py::test_a"),
    result("t.py::test_ab"),
    result("t.py::test_a[1]"),
    result("t.py::test_s[a\tb]"),
  ];

  it("prefers an exact match", () => {
    expect(matchTestIds(["t.py::test_a"], results).get("t.py::test_a")).toEqual([results[3]]);
  });

  it("matches ids cut at the first whitespace to every continuation", () => {
    const map = matchTestIds(["t.py::test_x[required-Missing", "t.py::test_s[a"], results);
    expect(map.get("t.py::test_x[required-Missing")).toEqual([results[0], results[1]]);
    expect(map.get("t.py::test_s[a")).toEqual([results[6]]);
  });

  it("never matches on a bare prefix and maps unmatched ids to []", () => {
    const map = matchTestIds(["t.py::test", "t.py::test_z", "t.py::test_x[other data"], results);
    expect([...map.values()]).toEqual([[], [], []]);
    expect([...map.keys()]).toEqual(["t.py::test", "t.py::test_z", "t.py::test_x[other data"]);
  });
});
