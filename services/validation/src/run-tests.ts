import type { Sandbox } from "@tracegen/sandbox";
import { parseJunitXml, parsePytestReport, type TestResult } from "@tracegen/testresults";
import type { EnvironmentProfile } from "./profile.js";
import { JUNIT_PATH, pytestArgv } from "./test-command.js";

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
}

/** What a run needs besides the sandbox. */
export interface RunTestsOptions {
  /** The directory holding the (patched) repository; the sandbox runs on a copy of it. */
  repoDir: string;
  profile: EnvironmentProfile;
  image?: string;
  /** Test ids to run; none: the whole suite. */
  testIds?: readonly string[];
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
  const result = await sandbox.run(
    {
      repoDir: options.repoDir,
      command: options.command ?? pytestArgv(options.profile.testCmd, options.testIds),
      env: { ...options.profile.env, ...options.env },
      timeoutMs: options.profile.timeoutS * 1000,
      collect: [JUNIT_PATH, ...(options.collect ?? [])],
      ...(options.image ? { image: options.image } : {}),
    },
    options.signal,
  );
  const xml = result.files.get(JUNIT_PATH);
  let results: TestResult[] = [];
  let reported = false;
  if (xml && xml.length > 0) {
    try {
      results = parseJunitXml(
        xml.toString("utf8"),
        options.knownFiles ? { knownFiles: options.knownFiles } : {},
      );
      reported = true;
    } catch {
      results = parsePytestReport(result.stdout);
    }
  } else {
    results = parsePytestReport(result.stdout);
  }
  result.files.delete(JUNIT_PATH);
  return {
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
