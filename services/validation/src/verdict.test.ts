import { describe, expect, it } from "vitest";
import { compareWithBaseline, decideVerdict } from "./verdict.js";

const baseline = new Map([
  ["t::a", "PASSED"],
  ["t::b", "PASSED"],
  ["t::c", "PASSED"],
  ["t::d", "FAILED"],
  ["t::e", "PASSED"],
] as const);

describe("compareWithBaseline", () => {
  it("counts failed, errored and vanished tests as F2P, passing ones as P2P, and ignores flaky and already-failing tests", () => {
    const withBug = new Map([
      ["t::a", "FAILED"],
      ["t::b", "PASSED"],
      ["t::d", "FAILED"],
      ["t::e", "ERROR"],
    ] as const);
    const result = compareWithBaseline(
      ["t::a", "t::b", "t::c", "t::d", "t::e"],
      baseline,
      new Set(["t::e"]),
      withBug,
    );
    expect(result).toEqual({ failToPass: ["t::a", "t::c"], passToPass: ["t::b"] });
  });

  it("only judges the selected tests", () => {
    const result = compareWithBaseline(["t::b"], baseline, new Set(), new Map([["t::b", "PASSED"]]));
    expect(result).toEqual({ failToPass: [], passToPass: ["t::b"] });
  });
});

describe("decideVerdict", () => {
  it("is valid with F2P and P2P, NO_FAIL without F2P, ALL_BROKEN without P2P", () => {
    expect(decideVerdict(["a"], ["b"]).kind).toBe("valid");
    expect(decideVerdict([], ["b"])).toMatchObject({ kind: "invalid", reason: "NO_FAIL" });
    expect(decideVerdict(["a"], [])).toMatchObject({ kind: "invalid", reason: "ALL_BROKEN" });
  });
});
