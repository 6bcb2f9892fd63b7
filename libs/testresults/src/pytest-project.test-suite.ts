import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Debian's pytest 7.2; the tests run real pytest, never a recorded report. */
export const PYTHON = "/usr/bin/python3";

/** What one pytest run left behind. */
export interface PytestRun {
  code: number | null;
  stdout: string;
  xml: string;
}

/** Writes `files` (path → source) into a new temp directory and returns its path. */
export async function writeProject(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "tracegen-pytest-"));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

/** Runs pytest with `-rA` and `--junitxml` in `root`, bounded to 60 s. */
export async function runPytest(
  root: string,
  family: "xunit1" | "xunit2",
  extra: string[] = [],
): Promise<PytestRun> {
  const xmlPath = join(root, `report-${family}.xml`);
  const args = ["-m", "pytest", "-p", "no:cacheprovider", "-rA", `--junitxml=${xmlPath}`];
  const run = spawnSync(PYTHON, [...args, "-o", `junit_family=${family}`, ...extra], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, PYTEST_DISABLE_PLUGIN_AUTOLOAD: "1", PYTHONDONTWRITEBYTECODE: "1" },
  });
  if (run.error) throw run.error;
  return { code: run.status, stdout: run.stdout, xml: await readFile(xmlPath, "utf8") };
}

/** A project with one of each outcome pytest has, and ids that are hard to parse. */
export const OUTCOMES_PROJECT: Record<string, string> = {
  "tests/base_cases.py": `
class Base:
    def test_inherited(self):
        pass
`,
  "tests/test_outcomes.py": `
import pytest
from base_cases import Base

def test_pass():
    assert True

def test_fail():
    assert 1 == 2, "one is not two"

@pytest.fixture
def broken():
    raise RuntimeError("fixture boom")

def test_setup_error(broken):
    pass

@pytest.fixture
def bad_teardown():
    yield
    raise RuntimeError("teardown boom")

def test_teardown_error(bad_teardown):
    pass

def test_fail_and_teardown_error(bad_teardown):
    assert False

@pytest.mark.skip(reason="not today")
def test_skip():
    pass

@pytest.mark.xfail(reason="known bug")
def test_xfail():
    assert False

@pytest.mark.xfail(reason="lenient", strict=False)
def test_xpass_nonstrict():
    pass

@pytest.mark.xfail(reason="strictly expected", strict=True)
def test_xpass_strict():
    pass

@pytest.mark.parametrize("v", ["a b", "required-Missing data for required field.", "\\u00fc[x]", "x::y", "a - b"])
def test_param(v):
    assert v not in ("x::y", "a - b")

class TestGroup:
    def test_method(self):
        pass

    @pytest.mark.parametrize("n", [1, 2])
    def test_numbers(self, n):
        assert n == 1

class TestChild(Base):
    pass
`,
  "tests/sub/test_nested.py": "def test_nested():\n    pass\n",
  "tests/test_modskip.py": 'import pytest\n\npytest.skip("whole module", allow_module_level=True)\n',
  "tests/test_broken.py": "import no_such_module_here\n\ndef test_never():\n    pass\n",
};
