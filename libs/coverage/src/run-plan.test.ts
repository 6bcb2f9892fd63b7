import { describe, expect, it } from "vitest";
import { type CoverageError, CoverageErrorCode } from "./errors.js";
import { coverageRunPlan, RUN_SCRIPT } from "./run-plan.js";

describe("coverageRunPlan", () => {
  it("wraps the test command in one sh argv with pytest-cov's per-test contexts", () => {
    const plan = coverageRunPlan({
      testCommand: ["python3", "-m", "pytest", "-x"],
      sourceDirs: ["src", "lib"],
    });
    expect(plan.command).toEqual([
      "sh",
      "-c",
      RUN_SCRIPT,
      "tracegen-coverage",
      ".tracegen-coverage",
      "python3",
      "python3",
      "-m",
      "pytest",
      "-x",
      "-p",
      "tracegen_collect",
      "--cov=src",
      "--cov=lib",
      "--cov-config=.tracegen-coverage/coveragerc",
      "--cov-context=test",
      "--cov-report=",
      "--cov-fail-under=0",
    ]);
    expect(plan.env).toEqual({
      COVERAGE_FILE: ".tracegen-coverage/data",
      COVERAGE_RCFILE: ".tracegen-coverage/coveragerc",
    });
    expect(plan.files.map((file) => file.path)).toEqual([
      ".tracegen-coverage/coveragerc",
      ".tracegen-coverage/extract.py",
      ".tracegen-coverage/import_graph.py",
      ".tracegen-coverage/tracegen_collect.py",
    ]);
    expect(plan.files[0]?.content).toMatch(/^omit =$/m);
    expect(plan.collect).toEqual([".tracegen-coverage/map.json"]);
  });

  it("measures the whole repository by default and picks the extractor's interpreter", () => {
    const plan = coverageRunPlan({
      testCommand: ["/opt/py/bin/python3.11", "-m", "pytest"],
      dir: "/work/.tg/",
    });
    expect(plan.command.slice(4, 6)).toEqual(["/work/.tg", "/opt/py/bin/python3.11"]);
    expect(plan.command).toContain("--cov=.");
    expect(plan.collect).toEqual(["/work/.tg/map.json"]);
    expect(coverageRunPlan({ testCommand: ["pytest"] }).command[5]).toBe("python3");
    expect(coverageRunPlan({ testCommand: ["pytest"], python: "/usr/bin/python3" }).command[5]).toBe(
      "/usr/bin/python3",
    );
  });

  it("rejects unusable options", () => {
    for (const options of [
      { testCommand: [] },
      { testCommand: ["pytest"], sourceDirs: [] },
      { testCommand: ["pytest"], sourceDirs: [""] },
      { testCommand: ["pytest"], dir: "a:b" },
    ]) {
      expect(() => coverageRunPlan(options)).toThrow(
        expect.objectContaining({ code: CoverageErrorCode.INVALID_OPTIONS }) as CoverageError,
      );
    }
  });
});
