import { describe, expect, it } from "vitest";
import { applyEdits } from "./apply-edits.js";
import { listMutations } from "./list-mutations.js";
import { expectAllUsable, mutationAt, stdlib, unitSpan } from "./stdlib-fixture.test-suite.js";
import type { MutatorName } from "./types.js";

function results(source: string, mutator: MutatorName, seed = 0): string[] {
  return listMutations(source, mutator, undefined, seed).map((m) => applyEdits(source, m.edits));
}

/** Everything a mutator makes of a snippet over several seeds. */
function variants(source: string, mutator: MutatorName): Set<string> {
  return new Set(Array.from({ length: 16 }, (_, seed) => results(source, mutator, seed)).flat());
}

describe("change_constant", () => {
  const bisect = stdlib("bisect.py");
  const span = unitSpan(bisect, "bisect_right");

  it("turns 0 into 1 in bisect_right's guard", () => {
    const { removed, added, mutation } = mutationAt(bisect, "change_constant", span, "if lo < 0:");
    expect(removed).toEqual(["    if lo < 0:"]);
    expect(added).toEqual(["    if lo < 1:"]);
    expect(mutation.detail).toEqual({ from: "0", to: "1" });
  });

  it("moves other integers up or down by one, by seed", () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 12; seed++) {
      const marked = listMutations(bisect, "change_constant", span, seed).filter(
        (m) => m.detail.from === "2",
      );
      expect(marked.length).toBeGreaterThan(0);
      for (const m of marked) seen.add(m.detail.to!);
    }
    expect([...seen].sort()).toEqual(["1", "3"]);
    expectAllUsable(bisect, listMutations(bisect, "change_constant", span), span);
  });

  it("keeps the literal's base and skips imaginary numbers", () => {
    expect(variants("m = 0xFF\n", "change_constant")).toEqual(new Set(["m = 0xFE\n", "m = 0x100\n"]));
    expect(variants("z = 10j + 1_000\n", "change_constant")).toEqual(
      new Set(["z = 10j + 999\n", "z = 10j + 1001\n"]),
    );
  });
});

describe("off_by_one", () => {
  it("moves a slice bound in textwrap.dedent", () => {
    const textwrap = stdlib("textwrap.py");
    const span = unitSpan(textwrap, "dedent");
    const seen = new Set<string>();
    for (let seed = 0; seed < 12; seed++) {
      const { removed, added } = mutationAt(textwrap, "off_by_one", span, "margin = margin[:i]", { seed });
      expect(removed).toEqual(["                    margin = margin[:i]"]);
      seen.add(added[0]!);
    }
    expect([...seen].sort()).toEqual([
      "                    margin = margin[:i + 1]",
      "                    margin = margin[:i - 1]",
    ]);
    expectAllUsable(textwrap, listMutations(textwrap, "off_by_one", span), span);
  });

  it("moves a range bound in heapq.heapify and an index in heappop", () => {
    const heapq = stdlib("heapq.py");
    const range = mutationAt(
      heapq,
      "off_by_one",
      unitSpan(heapq, "heapify"),
      "for i in reversed(range(n//2)):",
    );
    expect(range.added).toEqual([
      range.mutation.detail.to === "n//2 + 1"
        ? "    for i in reversed(range(n//2 + 1)):"
        : "    for i in reversed(range(n//2 - 1)):",
    ]);
    const index = mutationAt(heapq, "off_by_one", unitSpan(heapq, "heappop"), "returnitem = heap[0]");
    expect(["        returnitem = heap[1]", "        returnitem = heap[-1]"]).toContain(index.added[0]);
  });

  it("folds into literals and trailing offsets, and leaves type subscripts and string keys alone", () => {
    expect(variants("y = x[:n - 1]\n", "off_by_one")).toEqual(new Set(["y = x[:n]\n", "y = x[:n - 2]\n"]));
    expect(variants("y = x[-1]\n", "off_by_one")).toEqual(new Set(["y = x[0]\n", "y = x[-2]\n"]));
    expect(variants("for i in range(1, len(a)):\n    pass\n", "off_by_one")).toEqual(
      new Set([
        "for i in range(2, len(a)):\n    pass\n",
        "for i in range(0, len(a)):\n    pass\n",
        "for i in range(1, len(a) + 1):\n    pass\n",
        "for i in range(1, len(a) - 1):\n    pass\n",
      ]),
    );
    expect(
      variants("def f(a: Optional[int]) -> List[str]:\n    return d['k'] + T[str]\n", "off_by_one"),
    ).toEqual(new Set());
  });
});

describe("change_return_value", () => {
  const shlex = stdlib("shlex.py");
  const span = unitSpan(shlex, "quote");

  it("empties a string and returns None for other expressions in shlex.quote", () => {
    const literal = mutationAt(shlex, "change_return_value", span, `return "''"`);
    expect(literal.added).toEqual([`        return ""`]);
    const plain = mutationAt(shlex, "change_return_value", span, "return s");
    expect(plain.removed).toEqual(["        return s"]);
    expect(plain.added).toEqual(["        return None"]);
    expect(plain.mutation.detail).toEqual({ from: "s", to: "None" });
    expectAllUsable(shlex, listMutations(shlex, "change_return_value", span), span);
  });

  it("flips literals and leaves bare returns and None alone", () => {
    const source = [
      "def f(x):",
      "    if x == 1:",
      "        return True",
      "    if x == 2:",
      "        return 0",
      "    if x == 3:",
      "        return -1",
      "    if x == 4:",
      "        return b'raw'",
      "    if x == 5:",
      "        return None",
      "    if x == 6:",
      '        return f"{x}"',
      "    return",
      "",
    ].join("\n");
    const changed = listMutations(source, "change_return_value").map((m) => m.detail);
    expect(changed).toEqual([
      { from: "True", to: "False" },
      { from: "0", to: "1" },
      { from: "-1", to: "0" },
      { from: "b'raw'", to: "b''" },
      { from: 'f"{x}"', to: "None" },
    ]);
  });
});
