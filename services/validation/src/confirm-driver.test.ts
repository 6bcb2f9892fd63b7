// The confirming driver with Debian's real pytest (/usr/bin/python3): the second pass runs
// only the tests that did not pass (with the first pass in the driver; plain processes re-run
// them all), and the exit status is the first pass's.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CONFIRM_JUNIT_PATH, confirmingPytestArgv, JUNIT_PATH } from "./test-command.js";

const TESTS = `import os


def test_ok():
    assert True


def test_bad():
    assert 1 == 2


def test_once():
    # Fails the first time only: what the confirming pass exists for.
    first = not os.path.exists("once.marker")
    open("once.marker", "w").close()
    assert not first


def test_argv():
    import sys
    assert sys.argv[0].endswith("pytest/__main__.py") or "pytest" in sys.argv[0]
`;

const IDS = [
  "tests/test_x.py::test_ok",
  "tests/test_x.py::test_bad",
  "tests/test_x.py::test_once",
  "tests/test_x.py::test_argv",
];

function names(xml: string): string[] {
  return [...xml.matchAll(/<testcase [^>]*name="([^"]+)"/g)].map((m) => m[1] ?? "").sort();
}

describe("confirmingPytestArgv", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function run(commandLine: string, ids: string[]) {
    dir = mkdtempSync(join(tmpdir(), "tg-confirm-"));
    mkdirSync(join(dir, "tests"));
    writeFileSync(join(dir, "tests/test_x.py"), TESTS);
    const [program, ...args] = confirmingPytestArgv(commandLine, ids, ["-p", "no:pytest_cov"]);
    const done = spawnSync(program ?? "", args, {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: "/usr/bin:/bin", HOME: dir },
      timeout: 60_000,
    });
    const read = (path: string) =>
      existsSync(join(dir ?? "", path)) ? readFileSync(join(dir ?? "", path), "utf8") : undefined;
    return {
      code: done.status,
      stdout: done.stdout,
      first: read(JUNIT_PATH),
      second: read(CONFIRM_JUNIT_PATH),
    };
  }

  it.each([
    ["with the first pass in the driver", "/usr/bin/python3 -m pytest -p no:cacheprovider"],
    ["as plain processes", "/usr/bin/python3 -B -m pytest -p no:cacheprovider"],
  ])("re-runs what did not pass %s", (_mode, commandLine) => {
    const result = run(commandLine, IDS);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("2 failed, 2 passed");
    expect(names(result.first ?? "")).toEqual(["test_argv", "test_bad", "test_ok", "test_once"]);
    const second = result.second ?? "";
    // In the driver: only the two that failed; plain processes cannot tell, so all four again.
    const expected = commandLine.includes(" -B ")
      ? ["test_argv", "test_bad", "test_ok", "test_once"]
      : ["test_bad", "test_once"];
    expect(names(second)).toEqual(expected);
    expect(second).toMatch(/name="test_bad"[^>]*>\s*<failure/);
    expect(second).not.toMatch(/name="test_once"[^>]*>\s*<failure/);
  });

  it("makes no second pass when every test passed", () => {
    const result = run("/usr/bin/python3 -m pytest -p no:cacheprovider", ["tests/test_x.py::test_ok"]);
    expect(result.code).toBe(0);
    expect(names(result.first ?? "")).toEqual(["test_ok"]);
    expect(result.second).toBeUndefined();
  });
});
