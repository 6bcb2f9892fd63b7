import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchTestIds } from "./match-test-ids.js";
import { parseJunitXml } from "./parse-junit-xml.js";
import { parsePytestReport } from "./parse-pytest-report.js";
import { OUTCOMES_PROJECT, type PytestRun, runPytest, writeProject } from "./pytest-project.test-suite.js";
import { runSummary } from "./run-summary.js";
import type { TestResult } from "./test-result.js";

const F = "tests/test_outcomes.py";
const EXPECTED: Record<string, string> = {
  "tests/test_broken.py": "ERROR",
  [`${F}::test_pass`]: "PASSED",
  [`${F}::test_fail`]: "FAILED",
  [`${F}::test_setup_error`]: "ERROR",
  [`${F}::test_teardown_error`]: "ERROR",
  [`${F}::test_fail_and_teardown_error`]: "ERROR",
  [`${F}::test_skip`]: "SKIPPED",
  [`${F}::test_xfail`]: "XFAIL",
  // JUnit XML writes a non-strict XPASS exactly like a pass; only -rA says XPASS.
  [`${F}::test_xpass_nonstrict`]: "PASSED",
  [`${F}::test_xpass_strict`]: "FAILED",
  [`${F}::test_param[a b]`]: "PASSED",
  [`${F}::test_param[required-Missing data for required field.]`]: "PASSED",
  [`${F}::test_param[\\xfc[x]]`]: "PASSED",
  [`${F}::test_param[x::y]`]: "FAILED",
  [`${F}::test_param[a - b]`]: "FAILED",
  [`${F}::TestGroup::test_method`]: "PASSED",
  [`${F}::TestGroup::test_numbers[1]`]: "PASSED",
  [`${F}::TestGroup::test_numbers[2]`]: "FAILED",
  [`${F}::TestChild::test_inherited`]: "PASSED",
  "tests/sub/test_nested.py::test_nested": "PASSED",
  "tests/test_modskip.py": "SKIPPED",
};

const statuses = (results: TestResult[]) => Object.fromEntries(results.map((r) => [r.id, r.status]));

describe("against real pytest 7.2", () => {
  let root: string;
  const runs: Partial<Record<"xunit1" | "xunit2", PytestRun>> = {};

  beforeAll(async () => {
    root = await writeProject(OUTCOMES_PROJECT);
    for (const family of ["xunit1", "xunit2"] as const) {
      runs[family] = await runPytest(root, family, ["--continue-on-collection-errors", "tests"]);
    }
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  for (const family of ["xunit1", "xunit2"] as const) {
    it(`reads ${family} XML into node ids and statuses`, () => {
      const run = runs[family]!;
      expect(run.code).toBe(1);
      expect(statuses(parseJunitXml(run.xml))).toEqual(EXPECTED);
      const known = Object.keys(OUTCOMES_PROJECT);
      expect(statuses(parseJunitXml(run.xml, { knownFiles: known }))).toEqual(EXPECTED);
      expect(statuses(parseJunitXml(run.xml, { rootDir: root }))).toEqual(EXPECTED);
    });

    it(`agrees with the -rA summary (${family})`, () => {
      const run = runs[family]!;
      const fromXml = parseJunitXml(run.xml).filter((r) => r.status !== "SKIPPED");
      const fromReport = parsePytestReport(run.stdout);
      const expected = statuses(fromXml);
      expected[`${F}::test_xpass_nonstrict`] = "XPASS";
      expect(statuses(fromReport)).toEqual(expected);
      expect(fromReport.map((r) => r.id).sort()).toEqual(fromXml.map((r) => r.id).sort());
    });
  }

  it("keeps messages, reasons and durations", () => {
    const xml = parseJunitXml(runs.xunit2!.xml);
    const byId = new Map(xml.map((r) => [r.id, r]));
    expect(byId.get(`${F}::test_fail`)?.message).toBe("AssertionError: one is not two\nassert 1 == 2");
    expect(byId.get(`${F}::test_setup_error`)?.message).toContain("RuntimeError: fixture boom");
    expect(byId.get(`${F}::test_xfail`)?.message).toBe("known bug");
    expect(byId.get(`${F}::test_skip`)?.message).toBe("not today");
    expect(byId.get(`${F}::test_xpass_strict`)?.message).toBe("[XPASS(strict)] strictly expected");
    expect(byId.get("tests/test_broken.py")?.message).toBe("collection failure");
    expect(xml.every((r) => r.durationS >= 0 && Number.isFinite(r.durationS))).toBe(true);
    const report = new Map(parsePytestReport(runs.xunit2!.stdout).map((r) => [r.id, r]));
    expect(report.get(`${F}::test_xpass_nonstrict`)?.message).toBe("lenient");
    expect(report.get(`${F}::test_param[a - b]`)?.message).toMatch(/^AssertionError/);
    expect(report.get(`${F}::test_xfail`)?.message).toBe("known bug");
  });

  it("matches SWE-bench ids cut at the first space", () => {
    const results = parseJunitXml(runs.xunit1!.xml);
    const matched = matchTestIds(
      [`${F}::test_param[required-Missing`, `${F}::test_param[a`, `${F}::test_pass`, `${F}::test_gone`],
      results,
    );
    expect(matched.get(`${F}::test_param[required-Missing`)?.map((r) => r.status)).toEqual(["PASSED"]);
    expect(matched.get(`${F}::test_param[a`)?.map((r) => r.id)).toEqual([
      `${F}::test_param[a b]`,
      `${F}::test_param[a - b]`,
    ]);
    expect(matched.get(`${F}::test_pass`)?.map((r) => r.id)).toEqual([`${F}::test_pass`]);
    expect(matched.get(`${F}::test_gone`)).toEqual([]);
  });

  it("summarises a run", () => {
    const summary = runSummary(parseJunitXml(runs.xunit2!.xml));
    expect(summary.counts).toEqual({ PASSED: 9, FAILED: 5, ERROR: 4, SKIPPED: 2, XFAIL: 1, XPASS: 0 });
    expect(summary.total).toBe(21);
    expect(summary.ranAny).toBe(true);
  });
});

describe("a collection error that interrupts the session", () => {
  it("gives only module results and no evidence of a run", async () => {
    const root = await writeProject(OUTCOMES_PROJECT);
    try {
      for (const family of ["xunit1", "xunit2"] as const) {
        const run = await runPytest(root, family, ["tests"]);
        expect(run.code).toBe(2);
        const fromXml = parseJunitXml(run.xml);
        expect(statuses(fromXml)).toEqual({
          "tests/test_broken.py": "ERROR",
          "tests/test_modskip.py": "SKIPPED",
        });
        expect(statuses(parsePytestReport(run.stdout))).toEqual({ "tests/test_broken.py": "ERROR" });
        expect(runSummary(fromXml).ranAny).toBe(false);
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
