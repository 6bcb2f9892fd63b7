import { describe, expect, it } from "vitest";
import { applyEdits } from "./apply-edits.js";
import { listMutations } from "./list-mutations.js";
import { expectAllUsable, lineAt, mutationAt, stdlib, unitSpan } from "./stdlib-fixture.test-suite.js";
import type { MutatorName } from "./types.js";

function results(source: string, mutator: MutatorName, seed = 0): string[] {
  return listMutations(source, mutator, undefined, seed).map((m) => applyEdits(source, m.edits));
}

/** Lines `from..from+count-1` (1-based) of a text. */
function linesOf(text: string, from: number, count: number): string[] {
  return text.split("\n").slice(from - 1, from - 1 + count);
}

describe("invert_if_else", () => {
  const bisect = stdlib("bisect.py");
  const span = unitSpan(bisect, "bisect_right");

  it("swaps the bodies of bisect_right's inner if/else and keeps the condition", () => {
    const { mutation, after } = mutationAt(bisect, "invert_if_else", span, "if x < a[mid]:");
    expect(linesOf(after, mutation.line, 4)).toEqual([
      "            if x < a[mid]:",
      "                lo = mid + 1",
      "            else:",
      "                hi = mid",
    ]);
    expect(mutation.detail).toEqual({ condition: "x < a[mid]" });
    expectAllUsable(bisect, listMutations(bisect, "invert_if_else", span), span);
  });

  it("swaps multi-line bodies of the outer if/else", () => {
    const { mutation, after } = mutationAt(bisect, "invert_if_else", span, "if key is None:");
    expect(lineAt(after, mutation.line + 3)).toBe("            if x < key(a[mid]):");
    expect(lineAt(after, mutation.line + 7)).toBe("    else:");
    expect(lineAt(after, mutation.line + 10)).toBe("            if x < a[mid]:");
  });

  it("re-indents bodies of different depth, swaps inline bodies, and skips elif chains and mixed forms", () => {
    expect(results("if c:\n  a = 1\n  b = 2\nelse:\n        d = '''x\n  y'''\n", "invert_if_else")).toEqual([
      "if c:\n  d = '''x\n  y'''\nelse:\n        a = 1\n        b = 2\n",
    ]);
    expect(results("if c: a()\nelse: b()\n", "invert_if_else")).toEqual(["if c: b()\nelse: a()\n"]);
    expect(results("if c:\n    a()\nelif d:\n    b()\nelse:\n    e()\n", "invert_if_else")).toEqual([]);
    expect(results("if c: a()\nelse:\n    b()\n", "invert_if_else")).toEqual([]);
  });
});

describe("shuffle_statements", () => {
  const decoder = stdlib("json/decoder.py");
  const span = unitSpan(decoder, "JSONDecodeError.__init__");

  it("reorders JSONDecodeError.__init__'s statements, by seed", () => {
    const original = linesOf(decoder, span.startLine + 1, 9);
    const orders = new Set<string>();
    for (let seed = 0; seed < 6; seed++) {
      const mutations = listMutations(decoder, "shuffle_statements", span, seed);
      expect(mutations).toHaveLength(1);
      const mutation = mutations[0]!;
      expect(mutation.line).toBe(span.startLine + 1);
      expect(mutation.detail.count).toBe("9");
      const shuffled = linesOf(applyEdits(decoder, mutation.edits), span.startLine + 1, 9);
      expect(shuffled).not.toEqual(original);
      expect([...shuffled].sort()).toEqual([...original].sort());
      orders.add(mutation.detail.order!);
      expect(listMutations(decoder, "shuffle_statements", span, seed)).toEqual(mutations);
      expectAllUsable(decoder, mutations, span);
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it("leaves docstrings, comments, compound statements and shared lines in place", () => {
    const source =
      'def f():\n    """doc"""\n    a()\n    # note\n    b()\n    if c:\n        pass\n    d(); e()\n';
    expect(results(source, "shuffle_statements")).toEqual([
      'def f():\n    """doc"""\n    b()\n    # note\n    a()\n    if c:\n        pass\n    d(); e()\n',
    ]);
    expect(results("x = 1\nx = 1\n", "shuffle_statements")).toEqual([]);
  });
});

describe("negate_condition", () => {
  const shlex = stdlib("shlex.py");
  const bisect = stdlib("bisect.py");

  it("drops a not and negates a comparison", () => {
    const split = mutationAt(shlex, "negate_condition", unitSpan(shlex, "split"), "if not comments:");
    expect(split.removed).toEqual(["    if not comments:"]);
    expect(split.added).toEqual(["    if comments:"]);
    expect(split.mutation.detail).toEqual({ from: "not comments", to: "comments" });
    const span = unitSpan(bisect, "bisect_right");
    const loops = listMutations(bisect, "negate_condition", span).filter((m) =>
      lineAt(bisect, m.line).includes("while"),
    );
    expect(loops.map((m) => lineAt(applyEdits(bisect, m.edits), m.line))).toEqual([
      "        while not (lo < hi):",
      "        while not (lo < hi):",
    ]);
    expectAllUsable(bisect, listMutations(bisect, "negate_condition", span), span);
  });

  it("covers elif and conditional expressions, without parentheses around names", () => {
    expect(
      results("if a:\n    pass\nelif b or c:\n    pass\nv = x if ok else y\n", "negate_condition"),
    ).toEqual([
      "if not a:\n    pass\nelif b or c:\n    pass\nv = x if ok else y\n",
      "if a:\n    pass\nelif not (b or c):\n    pass\nv = x if ok else y\n",
      "if a:\n    pass\nelif b or c:\n    pass\nv = x if not ok else y\n",
    ]);
  });
});

describe("drop_guard_clause", () => {
  it("removes shlex.quote's early return and bisect_right's raise", () => {
    const shlex = stdlib("shlex.py");
    const quote = mutationAt(shlex, "drop_guard_clause", unitSpan(shlex, "quote"), "if not s:");
    expect(quote.removed).toEqual(["    if not s:", `        return "''"`]);
    expect(quote.added).toEqual([]);
    expect(quote.mutation.detail).toEqual({ kind: "return", condition: "not s" });
    const bisect = stdlib("bisect.py");
    const span = unitSpan(bisect, "bisect_right");
    const guard = mutationAt(bisect, "drop_guard_clause", span, "if lo < 0:");
    expect(guard.removed).toEqual(["    if lo < 0:", "        raise ValueError('lo must be non-negative')"]);
    expect(guard.mutation.detail.kind).toBe("raise");
    expectAllUsable(bisect, listMutations(bisect, "drop_guard_clause", span), span);
  });

  it("takes continue and break guards, not ifs with an else or a longer body", () => {
    const source = [
      "for x in xs:",
      "    if x is None:",
      "        continue",
      "    if x > 9: break",
      "    if x < 0:",
      "        return",
      "    else:",
      "        pass",
      "    if x == 3:",
      "        log(x)",
      "        return",
      "",
    ].join("\n");
    expect(listMutations(source, "drop_guard_clause").map((m) => [m.line, m.detail.kind])).toEqual([
      [2, "continue"],
      [4, "break"],
    ]);
  });
});
