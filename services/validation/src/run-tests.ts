import type { Sandbox } from "@tracegen/sandbox";
import { parseJunitXml, parsePytestReport, type TestResult } from "@tracegen/testresults";
import type { EnvironmentProfile } from "./profile.js";
import { JUNIT_PATH, pytestArgv, repeatedPytestArgv, repeatJunitPath } from "./test-command.js";

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
  /** With `repeat`: the results of every run, the first being `results`. */
  repeats: TestResult[][];
}

/** What a run needs besides the sandbox. */
export interface RunTestsOptions {
  /** The directory holding the (patched) repository; the sandbox runs on a copy of it. */
  repoDir: string;
  profile: EnvironmentProfile;
  image?: string;
  /** Test ids to run; none: the whole suite. */
  testIds?: readonly string[];
  /** Run the tests this many times in the same sandbox (default 1). */
  repeat?: number;
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
  const repeat = options.repeat ?? 1;
  const reports = Array.from({ length: repeat }, (_, i) => repeatJunitPath(i + 1));
  const command =
    options.command ??
    (repeat > 1
      ? repeatedPytestArgv(options.profile.testCmd, options.testIds ?? [], repeat)
      : pytestArgv(options.profile.testCmd, options.testIds));
  const result = await sandbox.run(
    {
      repoDir: options.repoDir,
      command,
      env: { ...options.profile.env, ...options.env },
      // Repeated runs share the wall limit of one run per repetition.
      timeoutMs: options.profile.timeoutS * 1000 * repeat,
      collect: [...reports, ...(options.collect ?? [])],
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
  const repeats = [results];
  for (const path of reports.slice(1)) {
    const more = result.files.get(path);
    repeats.push(
      more
        ? parseJunitXml(more.toString("utf8"), options.knownFiles ? { knownFiles: options.knownFiles } : {})
        : [],
    );
  }
  for (const path of reports) result.files.delete(path);
  return {
    repeats,
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
