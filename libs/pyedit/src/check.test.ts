import { describe, expect, it } from "vitest";
import { applyEdits } from "./apply-edits.js";
import { checkMutated, normalizedAstHash } from "./check.js";
import { listMutations } from "./list-mutations.js";
import { parsePython } from "./parser.js";
import { PyEditError } from "./pyedit-error.js";
import { stdlib } from "./stdlib-fixture.test-suite.js";
import type { TextEdit } from "./types.js";

/**
 * A copy of `source` that differs only in layout and comments: a comment after every
 * expression statement, a blank line before every def, and wider gaps between call arguments.
 */
function relayout(source: string): string {
  const root = parsePython(source).rootNode;
  const edits: TextEdit[] = [];
  for (const statement of root.descendantsOfType("expression_statement")) {
    const next = statement.nextSibling;
    if (next === null || next.startPosition.row > statement.endPosition.row) {
      edits.push({ start: statement.endIndex, end: statement.endIndex, text: "  # relaid" });
    }
  }
  for (const def of root.descendantsOfType("function_definition")) {
    const start = def.parent?.type === "decorated_definition" ? def.parent : def;
    const lineStart = source.lastIndexOf("\n", start.startIndex - 1) + 1;
    edits.push({ start: lineStart, end: lineStart, text: "\n" });
  }
  for (const list of root.descendantsOfType("argument_list")) {
    const args = list.namedChildren;
    for (let i = 1; i < args.length; i++) {
      const gap = source.slice(args[i - 1]!.endIndex, args[i]!.startIndex);
      if (gap === ", ") edits.push({ start: args[i - 1]!.endIndex, end: args[i]!.startIndex, text: " ,   " });
    }
  }
  return applyEdits(source, edits);
}

describe("normalizedAstHash", () => {
  it("ignores comments, blank lines and spacing in real files", () => {
    for (const file of ["textwrap.py", "fractions.py", "shlex.py"]) {
      const source = stdlib(file);
      const relaid = relayout(source);
      expect(relaid).not.toBe(source);
      expect(relaid.split("# relaid").length).toBeGreaterThan(20);
      expect(normalizedAstHash(relaid)).toBe(normalizedAstHash(source));
      expect(checkMutated(source, relaid)).toBe("ast_unchanged");
    }
  });

  it("changes with any mutation", () => {
    const source = stdlib("textwrap.py");
    const hash = normalizedAstHash(source);
    for (const mutator of [
      "flip_comparison",
      "change_constant",
      "shuffle_methods",
      "remove_method",
    ] as const) {
      const [mutation] = listMutations(source, mutator);
      expect(normalizedAstHash(applyEdits(source, mutation!.edits))).not.toBe(hash);
    }
    expect(normalizedAstHash(source)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("sees string contents, continuation lines and tree shape", () => {
    expect(normalizedAstHash("x=f(1,2)\n")).toBe(normalizedAstHash("x = f( 1 ,\n      2 )  # c\n"));
    expect(normalizedAstHash("x = 1 + \\\n  2\n")).toBe(normalizedAstHash("x = 1 + 2\n"));
    expect(normalizedAstHash('s = "a b"\n')).not.toBe(normalizedAstHash('s = "a  b"\n'));
    expect(normalizedAstHash('s = "a\\nb"\n')).not.toBe(normalizedAstHash('s = "c\\nb"\n'));
    expect(normalizedAstHash("if a:\n    b()\nc()\n")).not.toBe(
      normalizedAstHash("if a:\n    b()\n    c()\n"),
    );
  });
});

describe("checkMutated", () => {
  const before = "def f(a, b):\n    if a < b:\n        return a\n    return b\n";

  it("accepts a real change", () => {
    expect(checkMutated(before, before.replace("a < b", "a <= b"))).toBe("ok");
  });

  it("rejects comment and whitespace changes", () => {
    const relaid = before.replace("a < b", "a<b").replace("return b", "return  b  # note");
    expect(checkMutated(before, relaid)).toBe("ast_unchanged");
  });

  it("rejects what Python would not compile, even where tree-sitter is lenient", () => {
    expect(checkMutated(before, before.replace("a < b", "a < "))).toBe("syntax_error");
    expect(checkMutated(before, before.replace("(a, b)", "(a, b"))).toBe("syntax_error");
    // tree-sitter parses an empty block and Python 2's print statement without an ERROR node.
    expect(parsePython("if a:\nb()\n").rootNode.hasError).toBe(false);
    expect(checkMutated(before, before.replace("        return a\n", ""))).toBe("syntax_error");
    expect(checkMutated(before, before.replace("return b", 'print "b"'))).toBe("syntax_error");
  });
});

describe("applyEdits", () => {
  it("applies edits given in any order", () => {
    const edits = [
      { start: 4, end: 5, text: "Y" },
      { start: 0, end: 1, text: "X" },
      { start: 2, end: 2, text: "+" },
    ];
    expect(applyEdits("a = b", edits)).toBe("X += Y");
  });

  it("rejects overlapping and out-of-range edits", () => {
    const overlapping = [
      { start: 0, end: 3, text: "" },
      { start: 2, end: 4, text: "" },
    ];
    expect(() => applyEdits("abcdef", overlapping)).toThrow(PyEditError);
    expect(() => applyEdits("abc", [{ start: 1, end: 9, text: "" }])).toThrow(/leaves the source/);
    expect(() => applyEdits("abc", [{ start: 2, end: 1, text: "" }])).toThrow(/not a range/);
  });
});
