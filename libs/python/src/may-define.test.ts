import { describe, expect, it } from "vitest";
import { mayDefine } from "./may-define.js";

describe("mayDefine", () => {
  it("finds the def keyword only as a whole word inside the range", () => {
    expect(mayDefine("x = undefined or default_value", 0, 30)).toBe(false);
    expect(mayDefine("    def f(): pass", 0, 17)).toBe(true);
    expect(mayDefine("def f(): return 1", 3, 17)).toBe(false);
    expect(mayDefine("x\ndef\tg(): pass", 0, 15)).toBe(true);
  });
});
