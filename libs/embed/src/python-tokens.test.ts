import { describe, expect, it } from "vitest";
import { TokenKind, tokenizePython } from "./python-tokens.js";

function lines(text: string): string[][] {
  const t = tokenizePython(text);
  const out: string[][] = [];
  for (let i = 0; i < t.count; i++) {
    if (t.indent[i]! >= 0) out.push([`@${t.indent[i]}`]);
    if (t.kind[i] !== TokenKind.NEWLINE) out[out.length - 1]?.push(text.slice(t.start[i], t.end[i]));
  }
  return out;
}

describe("tokenizePython", () => {
  it("splits logical lines with their indentation; brackets and backslashes continue a line", () => {
    const text = [
      "    def f(a,",
      "          b=1):",
      "        # a comment",
      "        x = a ** 2 \\",
      "            + rb'raw\\'' + f\"{b}\"",
      '        """doc',
      '        string"""',
      "        return x >= 1e-3",
      "",
    ].join("\n");
    expect(lines(text)).toEqual([
      ["@4", "def", "f", "(", "a", ",", "b", "=", "1", ")", ":", "# a comment"],
      ["@8", "x", "=", "a", "**", "2", "+", "rb'raw\\''", "+", 'f"{b}"'],
      ["@8", '"""doc\n        string"""'],
      ["@8", "return", "x", ">=", "1e-3"],
    ]);
  });

  it("never throws on broken input", () => {
    for (const text of ["(((", "'unterminated", '"""open', ")))\n  x", "\\", "\t\tif x:\n\ty"]) {
      expect(() => tokenizePython(text)).not.toThrow();
    }
  });
});
