import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoverageMap } from "./coverage-map.js";
import { parseCoverageMap } from "./parse-coverage-map.js";
import {
  HAS_PYTEST_COV,
  lineOf,
  PYTHON,
  type RunResult,
  run,
  runPlan,
  writeFixture,
} from "./python-fixture.test-suite.js";
import { coverageRunPlan } from "./run-plan.js";
import { selectTests } from "./select-tests.js";

const PYTEST = [PYTHON, "-m", "pytest", "-p", "no:cacheprovider", "-q"];
const CORE = "src/calc/core.py";
const SHAPES = "src/calc/shapes.py";
const ADD = ["test_add[1-2-3]", "test_add[0-0-0]", "test_add[-1-1-0]"].map((t) => `tests/test_core.py::${t}`);
const CLAMP = ["high", "low", "mid"].map((t) => `tests/test_core.py::TestClamp::test_${t}`);
const SHAPE_TESTS = ["TestSquare::test_area", "TestSquare::test_scaled", "TestSquare::test_sides"]
  .concat(["test_total", "test_total_start"])
  .map((t) => `tests/test_shapes.py::${t}`);
const MISC = ["test_scale_constant", "test_lazy_lookup", "test_words[one two]", "test_words[x|y]"].map(
  (t) => `tests/test_misc.py::${t}`,
);
const ALL = [...ADD, "tests/test_core.py::test_scale", ...CLAMP, ...SHAPE_TESTS, ...MISC];

describe.skipIf(!HAS_PYTEST_COV)("a real coverage run on the fixture package", () => {
  let root = "";
  let result: RunResult & { json: string };
  let map: CoverageMap;
  const sorted = (tests: Iterable<string>) => [...tests].sort();

  beforeAll(async () => {
    root = await writeFixture();
    result = await runPlan(root, coverageRunPlan({ testCommand: PYTEST, sourceDirs: ["src"] }));
    map = parseCoverageMap(result.json);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("keeps pytest's exit code and lists every collected node id", () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("16 passed");
    expect(sorted(map.tests)).toEqual(sorted(ALL));
  });

  it("names exactly the tests that ran each line of a function", () => {
    expect(sorted(map.testsForLines(CORE, [lineOf(CORE, "return a + b")]))).toEqual(sorted(ADD));
    expect(sorted(map.testsForLines(CORE, [lineOf(CORE, "if x > LIMIT")]))).toEqual(sorted(CLAMP));
    expect([...map.testsForLines(CORE, [lineOf(CORE, "return LIMIT")])]).toEqual([CLAMP[0]]);
    expect(sorted(map.testsForLines(CORE, [lineOf(CORE, "if x < -LIMIT")]))).toEqual(sorted(CLAMP.slice(1)));
    expect(sorted(map.testsForLines(CORE, [lineOf(CORE, "return x * SCALE")]))).toEqual([
      "tests/test_core.py::test_scale",
      "tests/test_shapes.py::TestSquare::test_scaled",
    ]);
    expect(map.testsForLines(CORE, [lineOf(CORE, "doubled = x * 2")]).size).toBe(0);
    expect(sorted(map.testsForLines(SHAPES, [lineOf(SHAPES, "start)")]))).toEqual(SHAPE_TESTS.slice(3));
  });

  it("puts module-level code in the <import> bucket and lazily imported modules on their test", () => {
    expect(map.importTimeFiles).toEqual(
      new Set(["src/calc/__init__.py", "src/calc/consts.py", CORE, SHAPES]),
    );
    expect(map.executedAtImport(CORE, [lineOf(CORE, "def scale")])).toBe(true);
    expect(map.executedAtImport(CORE, [lineOf(CORE, "return x * SCALE")])).toBe(false);
    expect(map.testsForFile("src/calc/consts.py").size).toBe(0);
    expect([...map.testsForFile("src/calc/lazy.py")]).toEqual(["tests/test_misc.py::test_lazy_lookup"]);
    expect(map.toJSON().spans?.[SHAPES]).toEqual([
      [lineOf(SHAPES, "def total"), lineOf(SHAPES, "start=0")],
      [lineOf(SHAPES, "return sum"), lineOf(SHAPES, "start)")],
    ]);
  });

  it("is not hidden by the repository's omit = */tmp*/* (which does hide files without the plan)", async () => {
    expect(root.startsWith("/tmp/")).toBe(true);
    expect(map.files).toEqual(expect.arrayContaining([CORE, SHAPES, "src/calc/lazy.py"]));
    const control = await run(
      [...PYTEST, "--cov=src", "--cov-report=term", "--cov-context=test", "tests/test_core.py"],
      root,
      { COVERAGE_FILE: ".control-coverage" },
    );
    expect(control.stdout).not.toContain("core.py");
    expect(control.stdout).toMatch(/No data|TOTAL\s+0/);
  });

  it("round-trips through the binary form to the same JSON", () => {
    const bytes = map.toBinary();
    expect(CoverageMap.fromBinary(bytes).toJSON()).toEqual(JSON.parse(result.json));
    expect(bytes.length).toBeLessThan(result.json.length / 2);
  });

  it("selects the covering tests for a function-body change", () => {
    const change = { path: CORE, changedOldLines: [lineOf(CORE, "return LIMIT")], moduleLevel: false };
    expect(selectTests(map, [change])).toEqual({ tests: [CLAMP[0]], reason: "covered" });
    expect(selectTests(map, [change], { flaky: new Set([CLAMP[0] as string]) })).toEqual({
      tests: [],
      reason: "covered",
    });
  });

  it("selects every test touching the file or an importer for a module-level change", () => {
    const sides = { path: SHAPES, changedOldLines: [lineOf(SHAPES, "sides = 4")], moduleLevel: true };
    expect(selectTests(map, [sides])).toEqual({ tests: sorted(SHAPE_TESTS), reason: "module-level" });
    const table = { path: "src/calc/lazy.py", changedOldLines: [1], moduleLevel: true };
    expect(selectTests(map, [table])).toEqual({ tests: sorted(MISC), reason: "module-level" });
    const constant = { path: "src/calc/consts.py", changedOldLines: [lineOf("src/calc/consts.py", "LIMIT")] };
    expect(selectTests(map, [{ ...constant, moduleLevel: true }])).toEqual({
      tests: sorted(ALL),
      reason: "module-level",
    });
    // Not declared module-level, but the line ran at import time: escalated.
    expect(selectTests(map, [{ ...constant, moduleLevel: false }]).reason).toBe("module-level");
  });

  it("measures the whole repository by default, without the plan's own files", async () => {
    const whole = await runPlan(root, coverageRunPlan({ testCommand: PYTEST }));
    const files = parseCoverageMap(whole.json).files;
    expect(files).toEqual(expect.arrayContaining([CORE, "tests/test_core.py", "tests/conftest.py"]));
    expect(files.filter((file) => file.startsWith(".tracegen-coverage"))).toEqual([]);
  });

  it("keeps a failing pytest's exit code when no data is written", async () => {
    const broken = await runPlan(root, coverageRunPlan({ testCommand: [...PYTEST, "--no-such-option"] }));
    expect(broken.code).toBe(4);
    expect(broken.json).toBe("");
    expect(broken.stderr).toContain("tracegen-coverage: extraction failed");
  });

  it("selects nothing for an uncovered line", () => {
    const change = { path: CORE, changedOldLines: [lineOf(CORE, "doubled = x * 2")], moduleLevel: false };
    expect(selectTests(map, [change])).toEqual({ tests: [], reason: "uncovered" });
    expect(selectTests(map, [{ path: "src/calc/nope.py", changedOldLines: [1], moduleLevel: true }])).toEqual(
      {
        tests: [],
        reason: "uncovered",
      },
    );
  });
});
