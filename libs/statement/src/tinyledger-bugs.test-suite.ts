/**
 * Test support: real failures. Each bug is made in a clone of the tinyledger example, its
 * patch taken with `git diff`, and pytest (/usr/bin/python3) run on it; the failing tests
 * with their JUnit failure messages and sources become a StatementInput.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseJunitXml } from "@tracegen/testresults";
import type { StatementInput } from "./statement.js";

const BUNDLE = resolve(dirname(fileURLToPath(import.meta.url)), "../../../examples/tinyledger/repo.bundle");

/** A one-line bug: in `file`, `from` becomes `to`. */
export interface Bug {
  name: string;
  file: string;
  from: string;
  to: string;
  /** The unit the change is in. */
  unit: string;
}

/** Bugs of different kinds: a wrong comparison result, an exception, a missing exception, a wrong string. */
export const BUGS: Bug[] = [
  {
    name: "balance excludes the as-of day",
    file: "src/tinyledger/ledger.py",
    from: "if as_of is not None and txn.date > as_of:",
    to: "if as_of is not None and txn.date >= as_of:",
    unit: "Ledger.balance",
  },
  {
    name: "quarter off by one",
    file: "src/tinyledger/dates.py",
    from: "return (d.month - 1) // 3 + 1",
    to: "return d.month // 3 + 1",
    unit: "quarter",
  },
  {
    name: "infinity accepted",
    file: "src/tinyledger/parsing.py",
    from: "if not value.is_finite():",
    to: "if value.is_nan():",
    unit: "parse_amount",
  },
  {
    name: "truncate one too long",
    file: "src/tinyledger/report.py",
    from: 'return text[: width - 1] + "…"',
    to: 'return text[:width] + "…"',
    unit: "truncate",
  },
  {
    name: "month end is a weekday",
    file: "src/tinyledger/dates.py",
    from: "return d.replace(day=calendar.monthrange(d.year, d.month)[1])",
    to: "return d.replace(day=calendar.monthrange(d.year, d.month)[0] + 1)",
    unit: "month_end",
  },
  {
    name: "month start raises",
    file: "src/tinyledger/dates.py",
    from: "return d.replace(day=1)",
    to: "return d.replace(day=0)",
    unit: "month_start",
  },
];

const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };

/** Makes `bug` in a fresh clone, runs pytest, and returns what a statement is written from. */
export function failuresOf(bug: Bug): StatementInput {
  const dir = mkdtempSync(join(tmpdir(), "statement-bug-"));
  try {
    execFileSync("git", ["clone", "-q", BUNDLE, dir], { env: GIT_ENV, stdio: "ignore" });
    const path = join(dir, bug.file);
    const before = readFileSync(path, "utf8");
    if (!before.includes(bug.from)) throw new Error(`bug ${bug.name}: ${bug.from} not in ${bug.file}`);
    writeFileSync(path, before.replace(bug.from, bug.to));
    const bugPatch = execFileSync("git", ["diff"], { cwd: dir, env: GIT_ENV, encoding: "utf8" });
    const run = spawnSync(
      "/usr/bin/python3",
      ["-m", "pytest", "-rA", "-q", "-p", "no:cacheprovider", "--junitxml=report.xml"],
      { cwd: dir, env: { ...process.env, PYTHONPATH: join(dir, "src") }, encoding: "utf8", timeout: 60_000 },
    );
    const results = parseJunitXml(readFileSync(join(dir, "report.xml"), "utf8"));
    const failingTests = results
      .filter((r) => r.status === "FAILED" || r.status === "ERROR")
      .map((r) => ({ id: r.id, message: r.message, source: testSource(dir, r.id) }));
    if (failingTests.length === 0) throw new Error(`bug ${bug.name} breaks no test`);
    return {
      repo: "tinyledger/tinyledger",
      bugPatch,
      failingTests,
      buggyOutput: run.stdout,
      changedFunction: { path: bug.file, name: bug.unit },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The source of a test function (decorators included) from its pytest node id. */
function testSource(dir: string, id: string): string {
  const [file, ...rest] = id.split("::");
  const name = (rest[rest.length - 1] ?? "").replace(/\[.*\]$/, "");
  const lines = readFileSync(join(dir, file as string), "utf8").split("\n");
  let start = lines.findIndex((l) => l.startsWith(`def ${name}(`));
  if (start < 0) throw new Error(`no def ${name} in ${file}`);
  const end = lines.findIndex((l, i) => i > start && /^\S/.test(l));
  while (start > 0 && lines[start - 1]?.startsWith("@")) start--;
  return lines
    .slice(start, end < 0 ? undefined : end)
    .join("\n")
    .trimEnd();
}
