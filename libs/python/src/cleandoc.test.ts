import { describe, expect, it } from "vitest";
import { cleandoc } from "./cleandoc.js";

// Expected values are what Python 3.11's inspect.cleandoc returns for the same input.
describe("cleandoc", () => {
  it.each([
    ["  Hello\n    world\n      x\n    ", "Hello\nworld\n  x"],
    ["\tTabs\n\tx\n\t\ty", "Tabs\nx\n        y"],
    ["one line  ", "one line  "],
    ["\n\n  first\n\n  second\n\n", "first\n\nsecond"],
    ["Summary.\n\n    Body\n  ", "Summary.\n\nBody"],
    ["", ""],
  ])("cleans %j", (input, expected) => {
    expect(cleandoc(input)).toBe(expected);
  });
});
