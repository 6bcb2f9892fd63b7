import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const CALC = "def add(a, b):\n    return a + b\n\n\ndef mul(a, b):\n    return a * b\n";
const TEST_CALC = `from calc import add, mul


def test_add():
    assert add(2, 3) == 5


def test_mul():
    assert mul(2, 3) == 6
`;
// Needs generated.py, which only a profile's install command writes.
const TEST_GENERATED = `from generated import VALUE


def test_generated_value():
    assert VALUE == 42
`;

/** The install command that makes tests/test_generated.py pass. */
export const GENERATE_COMMAND = `python3 -c "open('generated.py', 'w').write('VALUE = 42\\\\n')"`;

/**
 * A small git repository whose `tests/test_generated.py` needs a file that only an install
 * command makes, and one seed row (version "1.0") for it. Returns the repository path, its
 * commit and the row.
 */
export function makeInstallFixture(dir: string, repo = "install/fixture") {
  const path = join(dir, "install-fixture");
  mkdirSync(join(path, "tests"), { recursive: true });
  writeFileSync(join(path, "calc.py"), CALC);
  writeFileSync(join(path, "tests/test_calc.py"), TEST_CALC);
  writeFileSync(join(path, "tests/test_generated.py"), TEST_GENERATED);
  writeFileSync(join(path, ".gitignore"), "generated.py\n__pycache__/\n");
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], {
      cwd: path,
      encoding: "utf8",
    }).trim();
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "install fixture");
  const commit = git("rev-parse", "HEAD");
  const row = {
    instance_id: "install__fixture-1",
    repo,
    base_commit: commit,
    version: "1.0",
    patch:
      "diff --git a/calc.py b/calc.py\n--- a/calc.py\n+++ b/calc.py\n@@ -4,3 +4,3 @@\n \n def mul(a, b):\n-    return a * b\n+    return a * b * 1\n",
    test_patch: "",
    FAIL_TO_PASS: ["tests/test_calc.py::test_mul"],
  };
  return { path, repo, commit, row };
}

/** A bug in `add`: tests/test_calc.py::test_add fails with it. */
export const ADD_BUG =
  "diff --git a/calc.py b/calc.py\n--- a/calc.py\n+++ b/calc.py\n@@ -1,2 +1,2 @@\n def add(a, b):\n-    return a + b\n+    return a - b\n";
