import { describe, expect, it } from "vitest";
import { applyEdits } from "./apply-edits.js";
import { listMutations } from "./list-mutations.js";
import { expectAllUsable, mutationAt, stdlib, unitSpan } from "./stdlib-fixture.test-suite.js";

function results(source: string): string[] {
  return listMutations(source, "swallow_exception").map((m) => applyEdits(source, m.edits));
}

describe("swallow_exception", () => {
  it("turns bisect_right's raise into pass", () => {
    const bisect = stdlib("bisect.py");
    const span = unitSpan(bisect, "bisect_right");
    const { removed, added, mutation } = mutationAt(bisect, "swallow_exception", span, "raise ValueError");
    expect(removed).toEqual(["        raise ValueError('lo must be non-negative')"]);
    expect(added).toEqual(["        pass"]);
    expect(mutation.detail).toEqual({
      kind: "raise",
      exception: "ValueError('lo must be non-negative')",
      to: "pass",
    });
    expectAllUsable(bisect, listMutations(bisect, "swallow_exception", span), span);
  });

  it("empties heapq.merge's StopIteration handler", () => {
    const heapq = stdlib("heapq.py");
    const span = unitSpan(heapq, "merge");
    const handlers = listMutations(heapq, "swallow_exception", span).filter(
      (m) => m.detail.kind === "except",
    );
    // Two of merge's four handlers already only pass.
    expect(handlers.map((m) => m.detail.exception)).toEqual(["StopIteration", "StopIteration"]);
    const after = applyEdits(heapq, handlers[0]!.edits);
    expect(after.split("\n")[handlers[0]!.line]).toBe("                pass");
    expect(after.split("\n").length).toBe(heapq.split("\n").length);
    expectAllUsable(heapq, handlers, span);
  });

  it("returns None when the raise is the whole function, docstring aside", () => {
    const source = 'def f():\n    """Abstract."""\n    raise NotImplementedError\n';
    expect(results(source)).toEqual(['def f():\n    """Abstract."""\n    return None\n']);
    expect(results("try:\n    g()\nexcept (A, B) as e:\n    log(e)\n    raise\n")).toEqual([
      "try:\n    g()\nexcept (A, B) as e:\n    pass\n",
      "try:\n    g()\nexcept (A, B) as e:\n    log(e)\n    pass\n",
    ]);
  });
});
