import { describe, expect, it } from "vitest";
import { applyEdits } from "./apply-edits.js";
import { listMutations } from "./list-mutations.js";
import { parsePython } from "./parser.js";
import { changedLines, expectAllUsable, mutationAt, stdlib, unitSpan } from "./stdlib-fixture.test-suite.js";
import type { MutatorName } from "./types.js";

function results(source: string, mutator: MutatorName, seed = 0): string[] {
  return listMutations(source, mutator, undefined, seed).map((m) => applyEdits(source, m.edits));
}

/** The names of the methods of class `name`, in source order. */
function methodNames(source: string, name: string): string[] {
  const cls = parsePython(source)
    .rootNode.descendantsOfType("class_definition")
    .find((c) => c.childForFieldName("name")?.text === name);
  return (cls?.childForFieldName("body")?.namedChildren ?? [])
    .map((s) => (s.type === "decorated_definition" ? s.childForFieldName("definition") : s))
    .filter((s) => s?.type === "function_definition")
    .map((s) => s!.childForFieldName("name")!.text);
}

describe("remove_base_class", () => {
  it("drops the only base of JSONDecodeError and of Fraction", () => {
    const decoder = stdlib("json/decoder.py");
    const span = unitSpan(decoder, "JSONDecodeError");
    const { removed, added, mutation } = mutationAt(
      decoder,
      "remove_base_class",
      span,
      "class JSONDecodeError",
    );
    expect(removed).toEqual(["class JSONDecodeError(ValueError):"]);
    expect(added).toEqual(["class JSONDecodeError:"]);
    expect(mutation.detail).toEqual({ class: "JSONDecodeError", name: "ValueError" });
    const fractions = stdlib("fractions.py");
    const fraction = mutationAt(
      fractions,
      "remove_base_class",
      unitSpan(fractions, "Fraction"),
      "class Fraction(",
    );
    expect(fraction.added).toEqual(["class Fraction:"]);
    expectAllUsable(decoder, listMutations(decoder, "remove_base_class", span), span);
  });

  it("drops one base at a time, keeps keywords, skips object, and needs the class inside the span", () => {
    expect(
      results("class A(B, C, metaclass=M):\n    pass\nclass D(object):\n    pass\n", "remove_base_class"),
    ).toEqual([
      "class A(C, metaclass=M):\n    pass\nclass D(object):\n    pass\n",
      "class A(B, metaclass=M):\n    pass\nclass D(object):\n    pass\n",
    ]);
    const source = "class A(B):\n    def f(self):\n        pass\n";
    expect(listMutations(source, "remove_base_class", { startLine: 2, endLine: 3 })).toEqual([]);
  });
});

describe("remove_method", () => {
  it("deletes TextWrapper._fix_sentence_endings and its call in wrap, which becomes pass", () => {
    const textwrap = stdlib("textwrap.py");
    const span = unitSpan(textwrap, "TextWrapper._fix_sentence_endings");
    const mutations = listMutations(textwrap, "remove_method", span);
    expect(mutations).toHaveLength(1);
    const mutation = mutations[0]!;
    expect(mutation.line).toBe(span.startLine);
    expect(mutation.detail).toEqual({ class: "TextWrapper", name: "_fix_sentence_endings", calls: "1" });
    const after = applyEdits(textwrap, mutation.edits);
    expect(after).not.toContain("_fix_sentence_endings(");
    expect(after).toContain(
      "        if self.fix_sentence_endings:\n            pass\n        return self._wrap_chunks(chunks)\n",
    );
    expect(methodNames(after, "TextWrapper")).toEqual(
      methodNames(textwrap, "TextWrapper").filter((name) => name !== "_fix_sentence_endings"),
    );
    expectAllUsable(textwrap, mutations, span);
  });

  it("deletes SequenceMatcher.set_seqs and the call in __init__", () => {
    const difflib = stdlib("difflib.py");
    const span = unitSpan(difflib, "SequenceMatcher.set_seqs");
    const [mutation] = listMutations(difflib, "remove_method", span);
    const { removed, added } = changedLines(difflib, applyEdits(difflib, mutation!.edits));
    expect(removed).toContain("        self.set_seqs(a, b)");
    expect(removed).toContain("    def set_seqs(self, a, b):");
    // The method's lines, the call's line, and one of the blank lines around the method.
    expect(removed).toHaveLength(span.endLine - span.startLine + 1 + 2);
    expect(added).toEqual([]);
  });

  it("takes decorators along, removes awaited and repeated calls, and keeps calls whose value is used", () => {
    const source = [
      "class A(Base):",
      "    @property",
      "    def m(self):",
      "        return self.m()",
      "",
      "    async def n(self):",
      "        await self.m()",
      "        self.m(); self.m()",
      "        x = self.m()",
      "",
    ].join("\n");
    expect(results(source, "remove_method")[0]).toBe(
      ["class A(Base):", "", "    async def n(self):", "        x = self.m()", ""].join("\n"),
    );
    expect(results("class A:\n    def only(self):\n        pass\n", "remove_method")).toEqual([
      "class A:\n    pass\n",
    ]);
  });
});

describe("shuffle_methods", () => {
  it("swaps JSONDecodeError's two methods", () => {
    const decoder = stdlib("json/decoder.py");
    const span = unitSpan(decoder, "JSONDecodeError");
    const [mutation] = listMutations(decoder, "shuffle_methods", span, 3);
    expect(mutation?.detail).toEqual({ class: "JSONDecodeError", order: "__reduce__,__init__" });
    const after = applyEdits(decoder, mutation!.edits);
    expect(methodNames(after, "JSONDecodeError")).toEqual(["__reduce__", "__init__"]);
    expectAllUsable(decoder, [mutation!], span);
  });

  it("reorders shlex's methods by seed, keeping each method whole", () => {
    const shlex = stdlib("shlex.py");
    const span = unitSpan(shlex, "shlex");
    const original = methodNames(shlex, "shlex");
    const orders = new Set<string>();
    for (let seed = 0; seed < 4; seed++) {
      const [mutation] = listMutations(shlex, "shuffle_methods", span, seed);
      const after = applyEdits(shlex, mutation!.edits);
      const order = methodNames(after, "shlex");
      expect(order).not.toEqual(original);
      expect([...order].sort()).toEqual([...original].sort());
      expect(mutation!.detail.order).toBe(order.join(","));
      expect(after.length).toBe(shlex.length);
      orders.add(order.join(","));
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it("leaves class attributes where they are", () => {
    const source =
      "class A:\n    x = 1\n    def f(self):\n        pass\n    y = 2\n    def g(self):\n        pass\n";
    expect(results(source, "shuffle_methods")).toEqual([
      "class A:\n    x = 1\n    def g(self):\n        pass\n    y = 2\n    def f(self):\n        pass\n",
    ]);
  });
});
