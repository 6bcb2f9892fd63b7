import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parsePythonFile } from "./parse-file.js";
import type { CodeUnit } from "./types.js";

const utf8 = new TextEncoder();

function parse(source: string) {
  return parsePythonFile("snippet.py", utf8.encode(source));
}

function names(units: CodeUnit[]): string[] {
  return units.map((u) => `${u.kind} ${u.qualifiedName} ${u.startLine}-${u.endLine}`);
}

describe("parsePythonFile on snippets", () => {
  it("names nested units like __qualname__ and skips what is not a unit", () => {
    const source = [
      '"""Module doc."""', // 1
      "def outer(x):", // 2
      "    def inner():", // 3
      "        def innermost(): pass", // 4
      "        return lambda: 1", // 5
      "    class Local:", // 6
      "        def hidden(self): pass", // 7
      "    return inner", // 8
      "class A:", // 9
      "    class B:", // 10
      "        def m(self):", // 11
      "            def in_method(): pass", // 12
      "    async def am(self): pass", // 13
      "async def top():", // 14
      "    def in_async(): pass", // 15
      "",
    ].join("\n");
    const parsed = parse(source);
    expect(parsed.problem).toBeUndefined();
    expect(parsed.lineCount).toBe(15);
    expect(names(parsed.units)).toEqual([
      "module  1-15",
      "function outer 2-8",
      "function outer.<locals>.inner 3-5",
      "function outer.<locals>.inner.<locals>.innermost 4-4",
      "class A 9-13",
      "class A.B 10-12",
      "method A.B.m 11-12",
      "method A.am 13-13",
      "function top 14-15",
      "function top.<locals>.in_async 15-15",
    ]);
    expect(parsed.units.find((u) => u.qualifiedName === "top")?.signature).toBe("async def top()");
    expect(parsed.units[0]!.docstring).toBe("Module doc.");
    expect(parsed.units[0]!.source).toBe(source);
  });

  it("starts a decorated unit at its first decorator", () => {
    const source = "import functools\n\n@functools.cache\n@other(\n    1)\ndef f():\n    pass\n";
    const f = parse(source).units[1]!;
    expect([f.qualifiedName, f.startLine, f.endLine]).toEqual(["f", 3, 7]);
    expect(f.signature).toBe("def f()");
    expect(f.source).toBe("@functools.cache\n@other(\n    1)\ndef f():\n    pass\n");
  });

  it("keeps a method's indentation and collapses a multi-line signature", () => {
    const source = [
      "class Parser(Base, metaclass=Meta):  # comment",
      "    @staticmethod",
      "    def parse(",
      "        self,",
      "        text: str,  # the input",
      "        *,",
      "        strict: bool = False,",
      "    ) -> 'Node':",
      '        """Parses.',
      "",
      "        Returns a node.",
      '        """',
      "",
    ].join("\n");
    const [, cls, method] = parse(source).units;
    expect(cls!.signature).toBe("class Parser(Base, metaclass=Meta)");
    expect(method!.qualifiedName).toBe("Parser.parse");
    expect(method!.kind).toBe("method");
    expect(method!.signature).toBe("def parse(self, text: str, *, strict: bool = False,) -> 'Node'");
    expect(method!.docstring).toBe("Parses.\n\nReturns a node.");
    expect(method!.source.startsWith("    @staticmethod\n    def parse(\n")).toBe(true);
  });

  it("finds definitions under if/try/with/for/match at module and class level", () => {
    const source = [
      "try:",
      "    def a(): pass",
      "except ImportError:",
      "    def a(): pass",
      "if X:",
      "    class C:",
      "        if Y:",
      "            def m(self): pass",
      "with ctx:",
      "    def b(): pass",
      "match v:",
      "    case 1:",
      "        def c(): pass",
      "",
    ].join("\n");
    expect(parse(source).units.map((u) => u.qualifiedName)).toEqual(["", "a", "a", "C", "C.m", "b", "c"]);
  });

  it("reads only a leading plain string as a docstring", () => {
    const source = [
      "def a():\n    \"a\" 'b'\n",
      'def b():\n    x = 1\n    """not a doc"""\n',
      'def c():\n    f"""no {x}"""\n',
      'def d():\n    # comment first\n    r"""raw \\n"""\n',
    ].join("");
    expect(parse(source).units.map((u) => u.docstring)).toEqual(["", "ab", "", "", "raw \\n"]);
  });

  it("hashes the source, so equal text gives equal hashes", () => {
    const parsed = parse("def f():\n    return 1\n\n\ndef g():\n    return 1\n\ndef f():\n    return 1\n");
    const [, f1, , f2] = parsed.units;
    expect(f1!.contentHash).toBe(createHash("sha256").update(f1!.source).digest("hex"));
    expect(f2!.contentHash).toBe(f1!.contentHash);
    expect(parsed.units[2]!.contentHash).not.toBe(f1!.contentHash);
  });

  it("tolerates a BOM and CRLF line breaks", () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...utf8.encode('def f():\r\n    """Doc\r\n    more."""\r\n'),
    ]);
    const parsed = parsePythonFile("bom.py", bytes);
    expect(parsed.problem).toBeUndefined();
    const f = parsed.units[1]!;
    expect([f.startLine, f.endLine, f.docstring]).toEqual([1, 3, "Doc\nmore."]);
    expect(f.source).toBe('def f():\r\n    """Doc\r\n    more."""\r\n');
  });

  it("handles an empty file", () => {
    const parsed = parse("");
    expect(parsed.lineCount).toBe(0);
    expect(names(parsed.units)).toEqual(["module  1-1"]);
  });
});

describe("parsePythonFile on bad input", () => {
  it("keeps well-formed units of a file with a syntax error and names the line", () => {
    const source = [
      "def ok():", // 1
      "    return 1", // 2
      "class A:", // 3
      "    def good(self):", // 4
      "        pass", // 5
      "    def bad(self):", // 6
      "        return (1 +", // 7
      "def later():", // 8
      "    pass", // 9
      "",
    ].join("\n");
    const parsed = parse(source);
    expect(parsed.problem?.kind).toBe("syntax_error");
    expect(parsed.problem?.detail).toMatch(/^line 7: /);
    expect(parsed.lineCount).toBe(9);
    expect(names(parsed.units)).toEqual(["function ok 1-2", "method A.good 4-5", "function later 8-9"]);
  });

  it("reports a missing token", () => {
    const parsed = parse("x = 1\ndef f(:\n    pass\n");
    expect(parsed.problem).toEqual({ kind: "syntax_error", detail: 'line 2: missing ")"' });
  });

  it("rejects latin-1 text with the byte offset", () => {
    const bytes = new Uint8Array([...utf8.encode("# caf"), 0xe9, 0x0a]);
    expect(parsePythonFile("l1.py", bytes)).toEqual({
      path: "l1.py",
      units: [],
      problem: { kind: "not_utf8", detail: "invalid UTF-8 at byte offset 5" },
      lineCount: 0,
    });
  });

  it("rejects NUL bytes as binary", () => {
    const parsed = parsePythonFile("b.py", new Uint8Array([0x78, 0x00, 0x79]));
    expect(parsed.problem).toEqual({ kind: "binary", detail: "NUL byte at byte offset 1" });
    expect(parsed.units).toEqual([]);
  });

  it("rejects files above maxBytes", () => {
    const parsed = parsePythonFile("big.py", utf8.encode("x = 1\n".repeat(10)), { maxBytes: 59 });
    expect(parsed.problem?.kind).toBe("too_large");
    expect(parsed.units).toEqual([]);
  });
});
