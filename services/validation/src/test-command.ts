import { parse } from "shell-quote";

/** Where a run's JUnit report is written, relative to the repository copy. */
export const JUNIT_PATH = ".tracegen-junit.xml";

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
export function pytestArgv(commandLine: string, testIds: readonly string[] = []): string[] {
  return [
    ...splitCommand(commandLine),
    "-rA",
    `--junitxml=${JUNIT_PATH}`,
    "-o",
    "junit_family=xunit1",
    "--continue-on-collection-errors",
    ...testIds,
  ];
}
