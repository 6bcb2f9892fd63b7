import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePythonFile } from "./parse-file.js";
import type { CodeUnit, ParsedFile } from "./types.js";

// Real code: Debian's Python 3.11 standard library.
const STDLIB = "/usr/lib/python3.11";
const hasStdlib = existsSync(`${STDLIB}/textwrap.py`);

function parseStdlib(name: string): { parsed: ParsedFile; lines: string[] } {
  const bytes = readFileSync(`${STDLIB}/${name}`);
  return { parsed: parsePythonFile(name, bytes), lines: bytes.toString("utf8").split("\n") };
}

function unit(parsed: ParsedFile, qualifiedName: string): CodeUnit {
  const found = parsed.units.find((u) => u.qualifiedName === qualifiedName);
  if (found === undefined) throw new Error(`no unit ${qualifiedName}`);
  return found;
}

/** The unit's lines are the file's lines, it opens with its header and the next code line dedents. */
function expectSpanMatchesText(u: CodeUnit, lines: string[]): void {
  expect(u.source).toBe(`${lines.slice(u.startLine - 1, u.endLine).join("\n")}\n`);
  expect(lines[u.startLine - 1]).toMatch(/^\s*(@|def |class )/);
  const indent = lines[u.startLine - 1]!.search(/\S/);
  const next = lines.slice(u.endLine).find((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  if (next !== undefined) expect(next.search(/\S/)).toBeLessThanOrEqual(indent);
}

describe.skipIf(!hasStdlib)("parsePythonFile on the standard library", () => {
  it("finds textwrap's classes, methods and functions with their lines and docstrings", () => {
    const { parsed, lines } = parseStdlib("textwrap.py");
    expect(parsed.problem).toBeUndefined();
    expect(parsed.lineCount).toBe(lines.length - 1);
    expect(parsed.units[0]!.kind).toBe("module");
    expect(parsed.units[0]!.docstring).toBe("Text wrapping and filling.");

    const wrapper = unit(parsed, "TextWrapper");
    expect([wrapper.kind, wrapper.signature, lines[wrapper.startLine - 1]]).toEqual([
      "class",
      "class TextWrapper",
      "class TextWrapper:",
    ]);
    const wrap = unit(parsed, "TextWrapper.wrap");
    expect(wrap.kind).toBe("method");
    expect(wrap.signature).toBe("def wrap(self, text)");
    expect(wrap.docstring.split("\n")[0]).toBe("wrap(text : string) -> [string]");
    expect(wrap.docstring).toContain("\nReformat the single paragraph in 'text' so it fits in lines of\n");
    const dedent = unit(parsed, "dedent");
    expect([dedent.kind, dedent.signature, lines[dedent.startLine - 1]]).toEqual([
      "function",
      "def dedent(text)",
      "def dedent(text):",
    ]);
    expect(unit(parsed, "indent.<locals>.predicate").kind).toBe("function");
    for (const u of parsed.units.slice(1)) expectSpanMatchesText(u, lines);
  });

  it("parses a file far above 32 KiB completely", () => {
    const { parsed, lines } = parseStdlib("typing.py");
    expect(readFileSync(`${STDLIB}/typing.py`).byteLength).toBeGreaterThan(100 * 1024);
    expect(parsed.problem).toBeUndefined();
    expect(parsed.units[0]!.endLine).toBe(lines.length - 1);
    // The last definitions of the file are found, so nothing was cut off.
    const last = parsed.units.at(-1)!;
    expect(last.endLine).toBeGreaterThan(lines.length - 200);
    expect(unit(parsed, "NamedTuple").kind).toBe("function");
    expect(unit(parsed, "_SpecialForm.__getitem__").kind).toBe("method");
    for (const u of parsed.units.slice(1)) expectSpanMatchesText(u, lines);
  });

  // Python's own ast module is the reference for which units exist, where they start and what
  // their docstrings are (end lines differ by design: trailing indented comments are kept).
  it.each(["textwrap.py", "typing.py", "argparse.py", "dataclasses.py", "email/_header_value_parser.py"])(
    "agrees with Python's ast on %s",
    (name) => {
      const expected = JSON.parse(
        execFileSync("python3", ["-c", AST_UNITS, `${STDLIB}/${name}`], { encoding: "utf8" }),
      );
      const { parsed } = parseStdlib(name);
      const actual = parsed.units.map((u) => [u.kind, u.qualifiedName, u.startLine, u.docstring]);
      expect(actual).toEqual(expected);
    },
  );
});

const AST_UNITS = `
import ast, json, sys
def visit(stmts, scope, prefix, out):
    for s in stmts:
        if isinstance(s, (ast.FunctionDef, ast.ClassDef)):
            is_class = isinstance(s, ast.ClassDef)
            if is_class and scope == "function":
                continue
            kind = "class" if is_class else ("method" if scope == "class" else "function")
            start = min([s.lineno] + [d.lineno for d in s.decorator_list])
            name = prefix + s.name
            out.append([kind, name, start, ast.get_docstring(s) or ""])
            if kind != "method":
                visit(s.body, kind, name + ("." if is_class else ".<locals>."), out)
        elif isinstance(s, (ast.If, ast.For, ast.While, ast.Try, ast.With, ast.Match)):
            blocks = [getattr(s, "body", []), getattr(s, "orelse", [])]
            blocks += [h.body for h in getattr(s, "handlers", [])] + [getattr(s, "finalbody", [])]
            blocks += [c.body for c in getattr(s, "cases", [])]
            for block in sorted(blocks, key=lambda b: b[0].lineno if b else 0):
                visit(block, scope, prefix, out)
tree = ast.parse(open(sys.argv[1], "rb").read())
out = [["module", "", 1, ast.get_docstring(tree) or ""]]
visit(tree.body, "module", "", out)
print(json.dumps(out))
`;
