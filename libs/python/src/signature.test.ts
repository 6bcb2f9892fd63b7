import { describe, expect, it } from "vitest";
import { normalizeHeader } from "./signature.js";

describe("normalizeHeader", () => {
  it("collapses multi-line parameter lists", () => {
    const header = "def parse(\n    self,\n    text: str,\n    *,\n    strict=False,\n) -> Node";
    expect(normalizeHeader(header)).toBe("def parse(self, text: str, *, strict=False,) -> Node");
  });

  it("drops comments and line continuations but keeps strings verbatim", () => {
    const header = 'def f(a,  # the a\n      sep=\'  #  \',\n      b="x\\"  y") \\\n    -> int';
    expect(normalizeHeader(header)).toBe('def f(a, sep=\'  #  \', b="x\\"  y") -> int');
  });

  it("keeps triple-quoted defaults intact", () => {
    expect(normalizeHeader('def f(x="""a\n  b""")')).toBe('def f(x="""a\n  b""")');
  });

  it("handles classes", () => {
    expect(normalizeHeader("class Foo( Base ,\n  metaclass=Meta )")).toBe("class Foo(Base , metaclass=Meta)");
    expect(normalizeHeader("class  Foo")).toBe("class Foo");
  });
});
