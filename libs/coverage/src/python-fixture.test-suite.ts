/** Test support: a small src-layout Python package with pytest tests, and running a plan on it. */
import { spawn, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { CoverageRunPlan } from "./run-plan.js";

/** Debian's interpreter, which has pytest 7 and pytest-cov 4 (the PATH one may not). */
export const PYTHON = "/usr/bin/python3";

/** True when {@link PYTHON} can import pytest and pytest_cov. */
export const HAS_PYTEST_COV =
  spawnSync(PYTHON, ["-c", "import pytest, pytest_cov"], { stdio: "ignore" }).status === 0;

const FILES: Record<string, string> = {
  "src/calc/__init__.py": `"""A tiny calculator package: the coverage fixture."""
from .consts import SCALE
from .core import add, clamp, scale

__all__ = ["SCALE", "add", "clamp", "scale"]
`,
  "src/calc/consts.py": `"""Constants read at import time."""
SCALE = 3
LIMIT = 10
`,
  "src/calc/core.py": `from .consts import LIMIT, SCALE


def add(a, b):
    return a + b


def scale(x):
    return x * SCALE


def clamp(x):
    if x > LIMIT:
        return LIMIT
    if x < -LIMIT:
        return -LIMIT
    return x


def never_called(x):
    doubled = x * 2
    return doubled
`,
  "src/calc/shapes.py": `from .core import scale


class Square:
    sides = 4

    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side * self.side

    def scaled(self):
        return Square(scale(self.side))


def total(values,
          start=0):
    return sum(values,
               start)
`,
  "src/calc/lazy.py": `TABLE = {"one": 1, "two": 2}


def lookup(key):
    return TABLE[key]
`,
  "tests/conftest.py": `import pytest


@pytest.fixture
def two():
    return 2
`,
  "tests/test_core.py": `import pytest

from calc import add, clamp, scale


@pytest.mark.parametrize("a,b,expected", [(1, 2, 3), (0, 0, 0), (-1, 1, 0)])
def test_add(a, b, expected):
    assert add(a, b) == expected


def test_scale(two):
    assert scale(two) == 6


class TestClamp:
    def test_high(self):
        assert clamp(11) == 10

    def test_low(self):
        assert clamp(-11) == -10

    def test_mid(self):
        assert clamp(5) == 5
`,
  "tests/test_shapes.py": `from calc.shapes import Square, total


class TestSquare:
    def test_area(self):
        assert Square(3).area() == 9

    def test_scaled(self):
        assert Square(2).scaled().side == 6

    def test_sides(self):
        assert Square.sides == 4


def test_total():
    assert total([1, 2, 3]) == 6


def test_total_start():
    assert total([1], start=1) == 2
`,
  "tests/test_misc.py": `import pytest

import calc


def test_scale_constant():
    assert calc.SCALE == 3


def test_lazy_lookup():
    from calc.lazy import lookup

    assert lookup("two") == 2


@pytest.mark.parametrize("word", ["one two", "x|y"])
def test_words(word):
    assert word
`,
};

/** Writes the fixture into a fresh directory under the temp dir, with a hostile coverage config. */
export async function writeFixture(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "tracegen-coverage-"));
  const hostile = `[run]\nomit =\n    */tmp*/*\n    ${root}/*\n`;
  const files = { ...FILES, ".coveragerc": hostile, "setup.cfg": `[coverage:run]\nomit = */tmp*/*\n` };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

/** The 1-based line of the only line of `path` containing `text`. */
export function lineOf(path: string, text: string): number {
  const lines = (FILES[path] ?? "").split("\n");
  const hits = lines.flatMap((line, i) => (line.includes(text) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`${JSON.stringify(text)} is on ${hits.length} lines of ${path}`);
  return hits[0] as number;
}

/** How a command ended. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `argv` in `cwd` with `env` over the process environment (PYTHONPATH=src), killed after 60 s. */
export function run(
  argv: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const [file, ...args] = argv;
    const child = spawn(file ?? "false", args, {
      cwd,
      env: { ...process.env, PYTHONPATH: "src", ...env },
      timeout: 60_000,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

/** Writes the plan's files into `root`, runs its command and returns the result and the map JSON. */
export async function runPlan(root: string, plan: CoverageRunPlan): Promise<RunResult & { json: string }> {
  for (const file of plan.files) {
    await mkdir(dirname(join(root, file.path)), { recursive: true });
    await writeFile(join(root, file.path), file.content);
  }
  const result = await run(plan.command, root, plan.env);
  const json = await readFile(join(root, plan.collect[0] ?? ""), "utf8").catch(() => "");
  return { ...result, json };
}
