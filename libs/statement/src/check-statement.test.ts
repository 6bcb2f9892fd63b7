import { describe, expect, it } from "vitest";
import { checkStatement } from "./check-statement.js";
import { testNamesOf } from "./leak-rules.js";
import type { StatementInput } from "./statement.js";

const PATCH = [
  "diff --git a/src/stats.py b/src/stats.py",
  "index 1111111..2222222 100644",
  "--- a/src/stats.py",
  "+++ b/src/stats.py",
  "@@ -10,7 +10,7 @@ def mean(values):",
  "     if not values:",
  "         raise ValueError('mean of nothing')",
  "     total = sum(values)",
  "-    return total / len(values)",
  "+    return total / (len(values) - 1)",
  "+    x = 1",
  " ",
  " ",
  " def median(values):",
  "",
].join("\n");

const INPUT: StatementInput = {
  repo: "acme/stats",
  bugPatch: PATCH.replace("+    x = 1\n", "").replace("@@ -10,7 +10,7 @@", "@@ -10,7 +10,7 @@"),
  failingTests: [
    { id: "tests/test_stats.py::test_mean_of_four", message: "assert 3.3333333333333335 == 2.5" },
    { id: "tests/test_stats.py::TestMean::test_mean_float[small]", message: "assert 1.0 == 0.5" },
  ],
};

const CLEAN = "mean() gives the wrong average\n\n`mean([1, 2, 3, 4])` returns 3.33 but 2.5 was expected.";

function problems(text: string, input: StatementInput = INPUT): string[] {
  const check = checkStatement(text, input);
  return check.ok ? [] : check.problems;
}

describe("checkStatement", () => {
  it("accepts a statement that describes the behaviour only", () => {
    expect(checkStatement(CLEAN, INPUT)).toEqual({ ok: true });
  });

  it("catches a removed or an added line of the bug patch, whitespace aside", () => {
    expect(problems(`${CLEAN}\nIt does return total / len(values).`)).toEqual([
      'it quotes a line of the code change: "return total / len(values)"',
    ]);
    expect(problems(`${CLEAN}\n\n    return   total / (len(values)\n - 1)`)).toEqual([
      'it quotes a line of the code change: "return total / (len(values) - 1)"',
    ]);
  });

  it("ignores changed lines shorter than 12 characters and context lines", () => {
    const input = { ...INPUT, bugPatch: PATCH.replace("@@ -10,7 +10,7 @@", "@@ -10,7 +10,8 @@") };
    expect(checkStatement(`${CLEAN}\nx = 1`, input)).toEqual({ ok: true });
    expect(checkStatement(`${CLEAN}\ntotal = sum(values)`, input)).toEqual({ ok: true });
  });

  it("catches test ids, test files and test names", () => {
    expect(problems(`${CLEAN}\nSee tests/test_stats.py::test_mean_of_four.`)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('names a test: "tests/test_stats.py::test_mean_of_four"'),
      ]),
    );
    expect(problems(`${CLEAN}\nThe test_mean_of_four check fails.`)).toEqual([
      'it names a test: "test_mean_of_four"',
    ]);
    expect(problems(`${CLEAN}\nAlso test_mean_float fails.`)).toEqual(['it names a test: "test_mean_float"']);
    expect(problems(`${CLEAN}\nTestMean is red.`)).toEqual(['it names a test: "TestMean"']);
    expect(problems(`${CLEAN}\nRun test_stats.py.`)).toEqual(['it names a test: "test_stats"']);
    // Longer identifiers that merely contain a name are not that name.
    expect(checkStatement(`${CLEAN}\nmy_test_mean_of_four_helper`, INPUT)).toEqual({ ok: true });
  });

  it("reads unittest- and Django-style ids too", () => {
    expect(testNamesOf("test_mean (stats.tests.TestMean)")).toEqual(
      expect.arrayContaining(["test_mean", "TestMean"]),
    );
    expect(testNamesOf("stats.tests.MeanTests.test_mean")).toEqual(
      expect.arrayContaining(["MeanTests", "test_mean"]),
    );
    expect(testNamesOf("stats.tests.MeanTests.test_mean")).not.toContain("stats");
  });

  it.each([
    ["patch", "The patch broke it."],
    ["patched", "Since it was patched, results are off."],
    ["diff", "The diff shows it."],
    ["mutation", "A mutation in the code."],
    ["mutants", "Mutants everywhere."],
    ["synthetic", "This synthetic case fails."],
    ["injected", "A bug was injected."],
    ["introduced a bug", "Someone introduced a bug here."],
  ])("catches the word %s", (word, sentence) => {
    expect(problems(`${CLEAN}\n${sentence}`)).toEqual([
      `it uses the word ${JSON.stringify(sentence.match(new RegExp(word, "i"))![0])}`,
    ]);
  });

  it("does not flag words that only contain a forbidden one", () => {
    expect(
      checkStatement(`${CLEAN}\nThe results are different and difficult; a patchwork dispatch.`, INPUT),
    ).toEqual({
      ok: true,
    });
  });

  it("rejects empty and overlong statements", () => {
    expect(problems("  \n ")).toEqual(["the statement is empty"]);
    expect(problems("a".repeat(4001))).toEqual([
      "the statement is 4001 characters long; at most 4000 are allowed",
    ]);
    expect(checkStatement("a".repeat(4000), INPUT)).toEqual({ ok: true });
  });

  it("lists every problem at once", () => {
    expect(problems("The diff: return total / len(values) in test_mean_of_four")).toHaveLength(3);
  });
});
