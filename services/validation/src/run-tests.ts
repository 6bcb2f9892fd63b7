import type { RunSpec, Sandbox } from "@tracegen/sandbox";
import { parseJunitXml, parsePytestReport, type TestResult } from "@tracegen/testresults";
import type { EnvironmentProfile } from "./profile.js";
import { CONFIRM_JUNIT_PATH, confirmingPytestArgv, JUNIT_PATH, pytestArgv } from "./test-command.js";

/** One test run's results and how it ended. */
export interface TestRun {
  results: TestResult[];
  /** The results came from a JUnit report (else from the -rA summary, or nothing). */
  reported: boolean;
  exitCode: number | null;
  timedOut: boolean;
  oomKilled: boolean;
  durationMs: number;
  /** stdout and stderr, for the blob store. */
  log: string;
  /** Files collected besides the report. */
  files: Map<string, Buffer>;
  /** With `confirm`: the second pass's results (only the tests that did not pass first), if it ran. */
  confirmation: TestResult[] | undefined;
}

/** Where a run's tree comes from (see `treeOf` in environment.ts). */
export type RunTree = Pick<RunSpec, "repoDir" | "image" | "imageTree">;

/** What a run needs besides the sandbox. */
export interface RunTestsOptions {
  tree: RunTree;
  profile: EnvironmentProfile;
  /** Flags every run of the environment gets (see pytestFlags). */
  flags?: readonly string[];
  /** Test ids to run; none: the whole suite. */
  testIds?: readonly string[];
  /** Re-run the tests that did not pass once more in the same sandbox, to confirm them (needs `testIds`). */
  confirm?: boolean;
  /** Replaces the pytest argv (e.g. the coverage plan's command). */
  command?: string[];
  env?: Record<string, string>;
  collect?: string[];
  /** The repository's test files, to turn JUnit's dotted class names back into paths. */
  knownFiles?: readonly string[];
  signal?: AbortSignal;
}

/** Runs pytest in the sandbox and reads per-test results (JUnit XML first, -rA output as fallback). */
export async function runTests(sandbox: Sandbox, options: RunTestsOptions): Promise<TestRun> {
  const confirm = options.confirm === true && (options.testIds?.length ?? 0) > 0;
  const flags = options.flags ?? [];
  const command =
    options.command ??
    (confirm
      ? confirmingPytestArgv(options.profile.testCmd, options.testIds ?? [], flags)
      : pytestArgv(options.profile.testCmd, options.testIds, flags));
  const reports = confirm ? [JUNIT_PATH, CONFIRM_JUNIT_PATH] : [JUNIT_PATH];
  const result = await sandbox.run(
    {
      ...options.tree,
      command,
      env: { ...options.profile.env, ...options.env },
      // A confirming run may take two passes: each gets the wall limit of one run.
      timeoutMs: options.profile.timeoutS * 1000 * (confirm ? 2 : 1),
      collect: [...reports, ...(options.collect ?? [])],
    },
    options.signal,
  );
  const hints = options.knownFiles ? { knownFiles: options.knownFiles } : {};
  const xml = result.files.get(JUNIT_PATH);
  let results: TestResult[] = [];
  let reported = false;
  if (xml && xml.length > 0) {
    try {
      results = parseJunitXml(xml.toString("utf8"), hints);
      reported = true;
    } catch {
      results = parsePytestReport(result.stdout);
    }
  } else {
    results = parsePytestReport(result.stdout);
  }
  let confirmation: TestResult[] | undefined;
  const second = result.files.get(CONFIRM_JUNIT_PATH);
  if (confirm && second && second.length > 0) {
    try {
      confirmation = parseJunitXml(second.toString("utf8"), hints);
    } catch {
      confirmation = [];
    }
  }
  for (const path of reports) result.files.delete(path);
  return {
    confirmation,
    results,
    reported,
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    oomKilled: result.oomKilled,
    durationMs: result.durationMs,
    log: `$ exit ${result.exitCode ?? result.signal}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    files: result.files,
  };
}
