import { describe, expect, it } from "vitest";
import { stringLiteralValue } from "./string-literal.js";

describe("stringLiteralValue", () => {
  it("strips prefixes and single or triple quotes", () => {
    expect(stringLiteralValue('"""doc"""')).toBe("doc");
    expect(stringLiteralValue("'''doc'''")).toBe("doc");
    expect(stringLiteralValue("'x'")).toBe("x");
    expect(stringLiteralValue('u"x"')).toBe("x");
    expect(stringLiteralValue('""')).toBe("");
  });

  it("applies escapes except in raw strings", () => {
    expect(stringLiteralValue(String.raw`"a\tb\\c\'\x41\u00e9\101\N{BULLET}\q"`)).toBe(
      "a\tb\\c'AéA\\N{BULLET}\\q",
    );
    expect(stringLiteralValue(String.raw`r"a\tb"`)).toBe(String.raw`a\tb`);
    expect(stringLiteralValue('"""one \\\ntwo"""')).toBe("one two");
  });

  it("reads CRLF inside the literal as LF, like Python's universal newlines", () => {
    expect(stringLiteralValue('"""a\r\nb\rc"""')).toBe("a\nb\nc");
  });

  it("rejects bytes and f-strings, which are never docstrings", () => {
    expect(stringLiteralValue('b"x"')).toBeUndefined();
    expect(stringLiteralValue('Rb"x"')).toBeUndefined();
    expect(stringLiteralValue('f"{x}"')).toBeUndefined();
  });
});
