import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CoverageMap } from "./coverage-map.js";
import { CoverageError, CoverageErrorCode } from "./errors.js";
import type { CoverageMapJson } from "./map-json.js";
import { parseCoverageMap } from "./parse-coverage-map.js";
import { syntheticMap } from "./synthetic-map.test-suite.js";

const SMALL: CoverageMapJson = {
  version: 1,
  tests: ["t.py::a", "t.py::b", "t.py::c", "u.py::d"],
  files: {
    "m.py": { "1": [-1], "3": [-1], "4": [0, 1], "5": [0], "9": [2], "10": [2] },
    "n.py": { "2": [1, 3] },
  },
  spans: { "m.py": [[5, 7]] },
  imports: { "t.py": ["n.py"], "n.py": ["m.py"], "u.py": ["n.py"] },
};

function codeOf(fn: () => unknown): CoverageErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof CoverageError) return error.code;
    throw error;
  }
  return undefined;
}

describe("CoverageMap", () => {
  const map = parseCoverageMap(JSON.stringify(SMALL));

  it("answers line and file queries without the <import> bucket", () => {
    expect([...map.testsForLines("m.py", [4])]).toEqual(["t.py::a", "t.py::b"]);
    expect([...map.testsForLines("m.py", [1, 3])]).toEqual([]);
    expect([...map.testsForFile("m.py")]).toEqual(["t.py::a", "t.py::b", "t.py::c"]);
    expect(map.testsForFile("missing.py").size).toBe(0);
    expect(map.importTimeFiles).toEqual(new Set(["m.py"]));
    expect(map.executedAtImport("m.py", [3, 4])).toBe(true);
    expect(map.executedAtImport("m.py", [4])).toBe(false);
    expect(map.files).toEqual(["m.py", "n.py"]);
  });

  it("maps a line inside a multi-line statement to the statement's first line", () => {
    expect([...map.testsForLines("m.py", [6])]).toEqual(["t.py::a"]);
    expect(map.testsForLines("m.py", [8]).size).toBe(0);
  });

  it("follows imports transitively and finds the tests a file defines", () => {
    expect(map.importersOf("m.py")).toEqual(new Set(["n.py", "t.py", "u.py"]));
    expect(map.importersOf("t.py").size).toBe(0);
    expect(map.testsInFile("t.py")).toEqual(new Set(["t.py::a", "t.py::b", "t.py::c"]));
  });

  it("round-trips through the binary form", () => {
    const again = CoverageMap.fromBinary(map.toBinary());
    expect(again.toJSON()).toEqual(SMALL);
    expect(again.toBinary()).toEqual(map.toBinary());
  });

  it("rejects malformed JSON and corrupt binaries with a code", () => {
    expect(codeOf(() => parseCoverageMap("{"))).toBe(CoverageErrorCode.INVALID_MAP);
    expect(codeOf(() => parseCoverageMap(JSON.stringify({ ...SMALL, version: 2 })))).toBe(
      CoverageErrorCode.INVALID_MAP,
    );
    const badIndex = { ...SMALL, files: { "m.py": { "1": [4] } } };
    expect(codeOf(() => parseCoverageMap(JSON.stringify(badIndex)))).toBe(CoverageErrorCode.INVALID_MAP);
    const badLine = { ...SMALL, files: { "m.py": { x: [0] } } };
    expect(codeOf(() => parseCoverageMap(JSON.stringify(badLine)))).toBe(CoverageErrorCode.INVALID_MAP);
    const bytes = map.toBinary();
    for (const broken of [
      bytes.subarray(0, bytes.length - 1),
      Uint8Array.of(1, 2, 3, 4, 5, 6),
      new Uint8Array(0),
    ]) {
      expect(codeOf(() => CoverageMap.fromBinary(broken))).toBe(CoverageErrorCode.INVALID_BINARY);
    }
    expect(codeOf(() => CoverageMap.fromBinary(Uint8Array.of(...bytes, 0)))).toBe(
      CoverageErrorCode.INVALID_BINARY,
    );
  });

  it("stores a 2,000-test × 300-file map far smaller than its JSON", () => {
    const json = JSON.stringify(syntheticMap(2000, 300));
    const started = performance.now();
    const big = parseCoverageMap(json);
    const parsed = performance.now();
    const bytes = big.toBinary();
    const encoded = performance.now();
    const again = CoverageMap.fromBinary(bytes);
    const decoded = performance.now();
    expect(again.toJSON()).toEqual(JSON.parse(json));
    const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
    console.log(
      `synthetic 2000×300 map: JSON ${kb(json.length)} (gzip ${kb(gzipSync(json).length)}), ` +
        `binary ${kb(bytes.length)} (gzip ${kb(gzipSync(bytes).length)}); parse ${(parsed - started).toFixed(0)} ms, ` +
        `encode ${(encoded - parsed).toFixed(0)} ms, decode ${(decoded - encoded).toFixed(0)} ms`,
    );
    expect(bytes.length * 10).toBeLessThan(json.length);
  });
});
