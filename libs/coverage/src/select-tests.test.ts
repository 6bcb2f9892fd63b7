import { describe, expect, it } from "vitest";
import { CoverageMap } from "./coverage-map.js";
import { parseCoverageMap } from "./parse-coverage-map.js";
import { selectTests } from "./select-tests.js";

const map = parseCoverageMap(
  JSON.stringify({
    version: 1,
    tests: ["tests/test_a.py::one", "tests/test_a.py::two", "tests/test_b.py::three"],
    files: {
      "pkg/a.py": { "1": [-1], "3": [-1], "4": [0], "5": [1] },
      "pkg/b.py": { "1": [-1], "2": [2] },
    },
    imports: { "pkg/b.py": ["pkg/a.py"], "tests/test_b.py": ["pkg/b.py"] },
  }),
);

describe("selectTests", () => {
  it("reports no-map without a map or without tests", () => {
    const change = { path: "pkg/a.py", changedOldLines: [4], moduleLevel: false };
    expect(selectTests(undefined, [change])).toEqual({ tests: [], reason: "no-map" });
    const empty = parseCoverageMap(JSON.stringify({ version: 1, tests: [], files: {} }));
    expect(selectTests(empty, [change])).toEqual({ tests: [], reason: "no-map" });
  });

  it("unions covering tests over several changes, in map order", () => {
    const changes = [
      { path: "pkg/b.py", changedOldLines: [2], moduleLevel: false },
      { path: "pkg/a.py", changedOldLines: [5, 4], moduleLevel: false },
    ];
    expect(selectTests(map, changes)).toEqual({ tests: [...map.tests], reason: "covered" });
  });

  it("widens a module-level change to importers and the tests they define", () => {
    const change = { path: "pkg/b.py", changedOldLines: [1], moduleLevel: true };
    expect(selectTests(map, [change])).toEqual({ tests: ["tests/test_b.py::three"], reason: "module-level" });
    const upstream = { path: "pkg/a.py", changedOldLines: [3], moduleLevel: false };
    expect(selectTests(map, [upstream])).toEqual({ tests: [...map.tests], reason: "module-level" });
  });

  it("drops flaky tests but keeps the coverage reason", () => {
    const change = { path: "pkg/a.py", changedOldLines: [4, 5], moduleLevel: false };
    const flaky = new Set(["tests/test_a.py::one"]);
    expect(selectTests(map, [change], { flaky })).toEqual({
      tests: ["tests/test_a.py::two"],
      reason: "covered",
    });
  });

  it("works the same on a map read back from binary", () => {
    const again = CoverageMap.fromBinary(map.toBinary());
    const change = { path: "pkg/a.py", changedOldLines: [9], moduleLevel: false };
    expect(selectTests(again, [change])).toEqual({ tests: [], reason: "uncovered" });
  });
});
