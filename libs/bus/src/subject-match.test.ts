import { describe, expect, it } from "vitest";
import { subjectMatches } from "./subject-match.js";

describe("subjectMatches", () => {
  it.each([
    ["tracegen.seed.ingested", "tracegen.seed.ingested", true],
    ["tracegen.seed.ingested", "tracegen.seed.ingested.x", false],
    ["tracegen.*.ingested", "tracegen.seed.ingested", true],
    ["tracegen.*", "tracegen.seed.ingested", false],
    ["tracegen.>", "tracegen.seed.ingested", true],
    ["tracegen.>", "tracegen", false],
    ["*.>", "a.b", true],
    ["tracegen.seed", "tracegen.trace", false],
  ])("%s vs %s → %s", (filter, subject, expected) => {
    expect(subjectMatches(filter, subject)).toBe(expected);
  });
});
