import { describe, expect, it } from "vitest";
import { applyEdits } from "./apply-edits.js";
import { listMutations } from "./list-mutations.js";
import {
  changedLines,
  expectAllUsable,
  lineAt,
  mutationAt,
  stdlib,
  unitSpan,
} from "./stdlib-fixture.test-suite.js";
import type { MutatorName } from "./types.js";

function results(source: string, mutator: MutatorName): string[] {
  return listMutations(source, mutator).map((m) => applyEdits(source, m.edits));
}

describe("remove_assignment", () => {
  const textwrap = stdlib("textwrap.py");
  const span = unitSpan(textwrap, "dedent");

  it("deletes textwrap.dedent's initialisation of margin", () => {
    const { removed, added, mutation } = mutationAt(textwrap, "remove_assignment", span, "margin = None");
    expect(removed).toEqual(["    margin = None"]);
    expect(added).toEqual([]);
    expect(mutation.detail).toEqual({ target: "margin" });
  });

  it("puts pass in a block it empties", () => {
    const sole = listMutations(textwrap, "remove_assignment", span).filter((m) =>
      lineAt(textwrap, m.line).endsWith("margin = indent"),
    );
    expect(sole).toHaveLength(2);
    for (const mutation of sole) {
      expect(changedLines(textwrap, applyEdits(textwrap, mutation.edits))).toEqual({
        removed: ["            margin = indent"],
        added: ["            pass"],
      });
    }
    expectAllUsable(textwrap, listMutations(textwrap, "remove_assignment", span), span);
  });

  it("handles augmented assignments, shared lines and bare annotations", () => {
    expect(results("a = 1; b = 2\nc += a\nd: int\n", "remove_assignment")).toEqual([
      "b = 2\nc += a\nd: int\n",
      "a = 1\nc += a\nd: int\n",
      "a = 1; b = 2\nd: int\n",
    ]);
  });
});

describe("remove_conditional", () => {
  it("deletes textwrap.dedent's final if, and only ifs without else", () => {
    const textwrap = stdlib("textwrap.py");
    const span = unitSpan(textwrap, "dedent");
    const { removed, added } = mutationAt(textwrap, "remove_conditional", span, "if margin:");
    expect(removed).toEqual(["    if margin:", "        text = re.sub(r'(?m)^' + margin, '', text)"]);
    expect(added).toEqual([]);
    const conditions = listMutations(textwrap, "remove_conditional", span).map((m) => m.detail.condition);
    expect(conditions).toEqual(["x != y", "0 and margin", "margin"]);
    expectAllUsable(textwrap, listMutations(textwrap, "remove_conditional", span), span);
  });
});

describe("remove_loop", () => {
  it("deletes heapify's loop, and puts pass where a loop was a block's only statement", () => {
    const heapq = stdlib("heapq.py");
    const heapify = mutationAt(
      heapq,
      "remove_loop",
      unitSpan(heapq, "heapify"),
      "for i in reversed(range(n//2)):",
    );
    expect(heapify.removed).toEqual(["    for i in reversed(range(n//2)):", "        _siftup(x, i)"]);
    expect(heapify.added).toEqual([]);
    expect(heapify.mutation.detail).toEqual({ kind: "for" });
    const textwrap = stdlib("textwrap.py");
    const span = unitSpan(textwrap, "dedent");
    const inner = mutationAt(textwrap, "remove_loop", span, "for i, (x, y) in enumerate");
    expect(inner.added).toEqual(["            pass"]);
    expect(inner.removed).toHaveLength(4);
    expectAllUsable(textwrap, listMutations(textwrap, "remove_loop", span), span);
  });

  it("removes while loops and their else clauses", () => {
    expect(results("while a:\n    a -= 1\nelse:\n    done()\nend()\n", "remove_loop")).toEqual(["end()\n"]);
  });
});

describe("remove_wrapper", () => {
  it("keeps heapq.nsmallest's try body and else body, dedented, and drops the handler", () => {
    const heapq = stdlib("heapq.py");
    const span = unitSpan(heapq, "nsmallest");
    const { mutation, after, removed } = mutationAt(heapq, "remove_wrapper", span, "try:");
    expect(removed).toContain("    except (TypeError, AttributeError):");
    expect(after.split("\n").slice(mutation.line - 1, mutation.line + 2)).toEqual([
      "    size = len(iterable)",
      "    if n >= size:",
      "        return sorted(iterable, key=key)[:n]",
    ]);
    expect(mutation.detail).toEqual({ kind: "try" });
    expectAllUsable(heapq, listMutations(heapq, "remove_wrapper", span), span);
  });

  it("unwraps pathlib's with and a module-level try", () => {
    const pathlib = stdlib("pathlib.py");
    const read = mutationAt(
      pathlib,
      "remove_wrapper",
      unitSpan(pathlib, "Path.read_text"),
      "with self.open(",
    );
    expect(read.added).toEqual(["        return f.read()"]);
    expect(read.removed).toHaveLength(2);
    const heapq = stdlib("heapq.py");
    const module = listMutations(heapq, "remove_wrapper").find((m) =>
      applyEdits(heapq, m.edits).includes(
        "\nfrom _heapq import *\ntry:\n    from _heapq import _heapreplace_max\n",
      ),
    );
    expect(module?.detail).toEqual({ kind: "try" });
  });

  it("leaves string contents alone when dedenting, and unwraps inline bodies and finally", () => {
    const source = 'def f():\n    with lock:\n        s = """a\n        b"""\n        g(s)\n';
    expect(results(source, "remove_wrapper")).toEqual(['def f():\n    s = """a\n        b"""\n    g(s)\n']);
    expect(results("try: x = 1\nfinally: close()\n", "remove_wrapper")).toEqual(["x = 1\nclose()\n"]);
  });
});
