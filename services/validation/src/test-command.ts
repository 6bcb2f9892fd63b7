import { parse } from "shell-quote";

/** Where a run's JUnit report is written, relative to the repository copy. */
export const JUNIT_PATH = ".tracegen-junit.xml";

/** The report of the n-th (1-based) of repeated runs in one sandbox. */
export function repeatJunitPath(n: number): string {
  return n === 1 ? JUNIT_PATH : `.tracegen-junit-${n}.xml`;
}

/**
 * Runs the same pytest command `times` times in one sandbox (one container start), each run
 * writing its own report; the exit status is the first run's.
 */
export function repeatedPytestArgv(commandLine: string, testIds: readonly string[], times: number): string[] {
  const runs = Array.from({ length: times }, (_, i) => i + 1);
  const script = runs
    .map((n) => `"$@" --junitxml=${repeatJunitPath(n)}${n === 1 ? "; rc=$?" : " >/dev/null 2>&1"}`)
    .join("; ");
  return [
    "sh",
    "-c",
    `${script}; exit $rc`,
    "pytest-repeat",
    ...pytestArgv(commandLine, testIds, "/dev/null"),
  ];
}

/** A profile's `test_cmd` that is not a plain command line. */
export class TestCommandError extends Error {
  override readonly name = "TestCommandError";
}

/** Splits a profile's test command into argv; shell operators (`;`, `|`, `&&`, globs) are refused. */
export function splitCommand(commandLine: string): string[] {
  const argv: string[] = [];
  for (const token of parse(commandLine)) {
    if (typeof token !== "string") {
      throw new TestCommandError(
        `test_cmd "${commandLine}" must be a plain command: shell operators are not run`,
      );
    }
    argv.push(token);
  }
  if (argv.length === 0) throw new TestCommandError("test_cmd is empty");
  return argv;
}

/**
 * The pytest argv of one run: the profile's command, result flags (JUnit XML with file
 * attributes, the -rA summary as a fallback), collection errors kept per file so one broken
 * test module does not hide the others, then the test ids (none: the whole suite).
 */
export function pytestArgv(
  commandLine: string,
  testIds: readonly string[] = [],
  junitPath = JUNIT_PATH,
): string[] {
  return [
    ...splitCommand(commandLine),
    "-rA",
    `--junitxml=${junitPath}`,
    "-o",
    "junit_family=xunit1",
    "--continue-on-collection-errors",
    ...testIds,
  ];
}
