import { basename } from "node:path";
import { parse } from "shell-quote";
import { CONFIRM_DRIVER_SCRIPT } from "./script-confirm-driver.js";
import { WARM_CONFIRM_SCRIPT } from "./script-warm-driver.js";

/** Where a run's JUnit report is written, relative to the repository copy. */
export const JUNIT_PATH = ".tracegen-junit.xml";
/** The report of the confirming second pass of a candidate run. */
export const CONFIRM_JUNIT_PATH = ".tracegen-junit-2.xml";

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
 * The profile's command with the result flags every run gets: the -rA summary (fallback
 * parser), JUnit in xunit1 (file attributes), collection errors kept per file so one broken
 * test module does not hide the others, and the environment's `flags`.
 */
function commandWithFlags(commandLine: string, flags: readonly string[]): string[] {
  return [
    ...splitCommand(commandLine),
    "-rA",
    "-o",
    "junit_family=xunit1",
    "--continue-on-collection-errors",
    ...flags,
  ];
}

/** The pytest argv of one run: the command with its flags, the JUnit report, then the test ids (none: the whole suite). */
export function pytestArgv(
  commandLine: string,
  testIds: readonly string[] = [],
  flags: readonly string[] = [],
  junitPath = JUNIT_PATH,
): string[] {
  return [...commandWithFlags(commandLine, flags), `--junitxml=${junitPath}`, ...testIds];
}

const PYTHON = /^python(\d+(\.\d+)*)?$/;

/** True when the profile's test command is `<python> -m pytest ...`, so pytest can run inside an interpreter we start. */
export function runsPytestModule(commandLine: string): boolean {
  const command = splitCommand(commandLine);
  return PYTHON.test(basename(command[0] ?? "")) && command[1] === "-m" && command[2] === "pytest";
}

/**
 * A candidate run for a warm worker (Sandbox.runWarm): the interpreter, the child's code and
 * its arguments (see script-warm-driver.ts); undefined when the profile does not run
 * `<python> -m pytest`.
 */
export function warmPytestRun(
  commandLine: string,
  testIds: readonly string[],
  flags: readonly string[] = [],
): { python: string; code: string; args: string[] } | undefined {
  if (!runsPytestModule(commandLine)) return undefined;
  const command = commandWithFlags(commandLine, flags);
  const spec = JSON.stringify({ args: command.slice(3), junit: [JUNIT_PATH, CONFIRM_JUNIT_PATH], pass: 1 });
  return { python: command[0] ?? "python3", code: WARM_CONFIRM_SCRIPT, args: [spec, ...testIds] };
}

/**
 * A candidate run in one sandbox start: the selected tests, then only those that did not pass
 * once more (reported to {@link CONFIRM_JUNIT_PATH}), through the driver script. When the
 * profile runs `<python> -m pytest`, the first pass runs inside the driver's interpreter and
 * records outcomes; other commands run as plain processes.
 */
export function confirmingPytestArgv(
  commandLine: string,
  testIds: readonly string[],
  flags: readonly string[] = [],
): string[] {
  const command = commandWithFlags(commandLine, flags);
  const inProcess = PYTHON.test(basename(command[0] ?? "")) && command[1] === "-m" && command[2] === "pytest";
  const python = inProcess ? (command[0] ?? "python3") : "python3";
  const spec = JSON.stringify({ command, junit: [JUNIT_PATH, CONFIRM_JUNIT_PATH], in_process: inProcess });
  return [python, "-c", CONFIRM_DRIVER_SCRIPT, spec, ...testIds];
}
