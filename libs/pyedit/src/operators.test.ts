import { describe, expect, it } from "vitest";
import { applyEdits } from "./apply-edits.js";
import { listMutations } from "./list-mutations.js";
import { expectAllUsable, mutationAt, stdlib, unitSpan } from "./stdlib-fixture.test-suite.js";

/** Every result of one mutator on an inline snippet, as the changed text. */
function results(source: string, mutator: Parameters<typeof listMutations>[1], seed = 0): string[] {
  return listMutations(source, mutator, undefined, seed).map((m) => applyEdits(source, m.edits));
}

describe("flip_comparison", () => {
  const bisect = stdlib("bisect.py");
  const span = unitSpan(bisect, "bisect_right");

  it("turns < into <= in bisect_right's loop", () => {
    const { mutation, removed, added } = mutationAt(bisect, "flip_comparison", span, "if x < a[mid]:");
    expect(removed).toEqual(["            if x < a[mid]:"]);
    expect(added).toEqual(["            if x <= a[mid]:"]);
    expect(mutation.detail).toEqual({ from: "<", to: "<=" });
  });

  it("turns `is` into `is not`", () => {
    const { added, mutation } = mutationAt(bisect, "flip_comparison", span, "if hi is None:");
    expect(added).toEqual(["    if hi is not None:"]);
    expect(mutation.detail).toEqual({ from: "is", to: "is not" });
    expectAllUsable(bisect, listMutations(bisect, "flip_comparison", span), span);
  });

  it("flips each operator of a chained comparison separately, and `not in` to `in`", () => {
    expect(results("ok = 0 <= i < n\n", "flip_comparison")).toEqual([
      "ok = 0 < i < n\n",
      "ok = 0 <= i <= n\n",
    ]);
    expect(results("if k not in d:\n    pass\n", "flip_comparison")).toEqual(["if k in d:\n    pass\n"]);
  });
});

describe("change_operator", () => {
  const heapq = stdlib("heapq.py");

  it("swaps >> for << and - for + in _siftdown", () => {
    const span = unitSpan(heapq, "_siftdown");
    const shift = mutationAt(heapq, "change_operator", span, "parentpos = (pos - 1) >> 1", {
      detail: { from: ">>" },
    });
    expect(shift.added).toEqual(["        parentpos = (pos - 1) << 1"]);
    expect(shift.mutation.detail).toEqual({ from: ">>", to: "<<" });
    const minus = mutationAt(heapq, "change_operator", span, "parentpos = (pos - 1) >> 1", {
      detail: { from: "-" },
    });
    expect(minus.added).toEqual(["        parentpos = (pos + 1) >> 1"]);
    expectAllUsable(heapq, listMutations(heapq, "change_operator", span), span);
  });

  it("swaps and for or in heappushpop", () => {
    const span = unitSpan(heapq, "heappushpop");
    const { added } = mutationAt(heapq, "change_operator", span, "if heap and heap[0] < item:");
    expect(added).toEqual(["    if heap or heap[0] < item:"]);
  });

  it("stays within each family, also in augmented assignments", () => {
    expect(results("x = a * b // c\ny += 1\nz = p & q | r\n", "change_operator")).toEqual([
      "x = a / b // c\ny += 1\nz = p & q | r\n",
      "x = a * b % c\ny += 1\nz = p & q | r\n",
      "x = a * b // c\ny -= 1\nz = p & q | r\n",
      "x = a * b // c\ny += 1\nz = p | q | r\n",
      "x = a * b // c\ny += 1\nz = p & q & r\n",
    ]);
    expect(results("x = a ** b ^ c @ d\n", "change_operator")).toEqual([]);
  });
});

describe("swap_operands", () => {
  const heapq = stdlib("heapq.py");
  const span = unitSpan(heapq, "_siftdown");

  it("swaps the operands of - and > in _siftdown", () => {
    const minus = mutationAt(heapq, "swap_operands", span, "parentpos = (pos - 1) >> 1", {
      detail: { operator: "-" },
    });
    expect(minus.added).toEqual(["        parentpos = (1 - pos) >> 1"]);
    const shift = mutationAt(heapq, "swap_operands", span, "parentpos = (pos - 1) >> 1", {
      detail: { operator: ">>" },
    });
    expect(shift.added).toEqual(["        parentpos = 1 >> (pos - 1)"]);
    const loop = mutationAt(heapq, "swap_operands", span, "while pos > startpos:");
    expect(loop.added).toEqual(["    while startpos > pos:"]);
    expect(loop.mutation.detail).toEqual({ operator: ">", left: "pos", right: "startpos" });
    expectAllUsable(heapq, listMutations(heapq, "swap_operands", span), span);
  });

  it("adds the parentheses precedence needs and leaves commutative operators alone", () => {
    expect(results("v = x - y - z\n", "swap_operands")).toEqual(["v = z - (x - y)\n", "v = y - x - z\n"]);
    expect(results("v = a ** -b\n", "swap_operands")).toEqual(["v = (-b) ** a\n"]);
    expect(results("ok = a + 1 < b\n", "swap_operands")).toEqual(["ok = b < a + 1\n"]);
    expect(results("v = a + b * c == d\n", "swap_operands")).toEqual([]);
  });
});

describe("break_operator_chain", () => {
  const shlex = stdlib("shlex.py");
  const span = unitSpan(shlex, "quote");

  it("drops one operand of shlex.quote's concatenation, the one depending on the seed", () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 12; seed++) {
      const { added, mutation } = mutationAt(shlex, "break_operator_chain", span, `return "'" + s.replace(`, {
        seed,
      });
      expect(added).toHaveLength(1);
      expect(mutation.detail.operator).toBe("+");
      seen.add(added[0]!);
    }
    expect([...seen].sort()).toEqual([
      `    return "'" + "'"`,
      `    return "'" + s.replace("'", "'\\"'\\"'")`,
    ]);
  });

  it("handles right-nested, parenthesized and boolean chains", () => {
    const variants = (source: string) =>
      new Set(Array.from({ length: 16 }, (_, seed) => results(source, "break_operator_chain", seed)).flat());
    expect(variants("v = a + b + c\n")).toEqual(new Set(["v = a + c\n", "v = a + b\n"]));
    expect(variants("v = x * (y * z)\n")).toEqual(new Set(["v = x * z\n", "v = (y * z)\n"]));
    expect(variants("ok = p and q and r\n")).toEqual(new Set(["ok = p and r\n", "ok = p and q\n"]));
    expect(variants("v = a + b\n")).toEqual(new Set());
  });
});
