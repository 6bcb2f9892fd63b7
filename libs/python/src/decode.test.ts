import { describe, expect, it } from "vitest";
import { decodeSource, firstInvalidUtf8Offset } from "./decode.js";

describe("firstInvalidUtf8Offset", () => {
  it("accepts valid UTF-8 of every length", () => {
    expect(firstInvalidUtf8Offset(new TextEncoder().encode("aé€😀"))).toBe(-1);
  });

  it.each([
    ["a lone continuation byte", [0x61, 0x80], 1],
    ["latin-1 é", [0x63, 0x61, 0x66, 0xe9, 0x0a], 3],
    ["a truncated sequence", [0x61, 0xe2, 0x82], 1],
    ["an overlong encoding", [0xc0, 0xaf], 0],
    ["an overlong three-byte form", [0xe0, 0x80, 0xaf], 0],
    ["a surrogate", [0x61, 0x62, 0xed, 0xa0, 0x80], 2],
    ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 0],
  ])("finds %s", (_name, bytes, offset) => {
    expect(firstInvalidUtf8Offset(new Uint8Array(bytes))).toBe(offset);
  });
});

describe("decodeSource", () => {
  it("drops a byte order mark", () => {
    expect(decodeSource(new Uint8Array([0xef, 0xbb, 0xbf, 0x78]), 100)).toEqual({ text: "x" });
  });

  it("checks the size before scanning the bytes", () => {
    const result = decodeSource(new Uint8Array([0, 0, 0]), 2);
    expect(result).toEqual({ problem: { kind: "too_large", detail: "3 bytes exceeds the limit of 2" } });
  });
});
