import { describe, expect, it } from "vitest";
import { analyseChanges } from "./change-analysis.js";

const patchAt = (line: number, before: string, after: string) =>
  `diff --git a/m.py b/m.py\n--- a/m.py\n+++ b/m.py\n@@ -${line} +${line} @@\n-${before}\n+${after}\n`;
const spans = () => [
  { kind: "module", startLine: 1, endLine: 20 },
  { kind: "class", startLine: 5, endLine: 20 },
  { kind: "method", startLine: 8, endLine: 12 },
  { kind: "function", startLine: 14, endLine: 20 },
];

describe("analyseChanges", () => {
  it("marks a change inside a function body as local", () => {
    expect(analyseChanges(patchAt(10, "    return a < b", "    return a <= b"), spans)).toEqual([
      { path: "m.py", changedOldLines: [10], moduleLevel: false },
    ]);
  });

  it("marks imports, class attributes and def lines (defaults, decorators) as module-level", () => {
    expect(analyseChanges(patchAt(2, "LIMIT = 3", "LIMIT = 4"), spans)[0]?.moduleLevel).toBe(true);
    expect(analyseChanges(patchAt(6, "    kind = 1", "    kind = 2"), spans)[0]?.moduleLevel).toBe(true);
    expect(
      analyseChanges(patchAt(8, "    def m(self, x=1):", "    def m(self, x=2):"), spans)[0]?.moduleLevel,
    ).toBe(true);
  });
});
