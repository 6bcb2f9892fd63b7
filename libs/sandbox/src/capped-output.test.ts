import { describe, expect, it } from "vitest";
import { CappedOutput } from "./capped-output.js";

function feed(cap: number, chunks: string[]): CappedOutput {
  const output = new CappedOutput(cap);
  for (const chunk of chunks) output.write(Buffer.from(chunk));
  return output;
}

describe("CappedOutput", () => {
  it("keeps everything under the cap", () => {
    const output = feed(10, ["abc", "def"]);
    expect(output.text()).toBe("abcdef");
    expect(output.totalBytes).toBe(6);
  });

  it("keeps the head and the tail and marks the dropped middle", () => {
    const output = feed(6, ["abcd", "efgh", "ijkl"]);
    expect(output.text()).toBe("abc\n[... 6 bytes dropped ...]\njkl");
    expect(output.totalBytes).toBe(12);
  });

  it("trims inside a chunk that straddles the tail's cap", () => {
    const output = feed(4, ["ab", "cdefgh", "i"]);
    expect(output.text()).toBe("ab\n[... 5 bytes dropped ...]\nhi");
  });
});
