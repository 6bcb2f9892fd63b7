import { cp, lstat, mkdir, mkdtemp, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  type RunResult,
  type RunSpec,
  type Sandbox,
  SandboxError,
  SandboxErrorCode,
} from "@tracegen/sandbox";
import { parseJunitXml, parsePytestReport, type TestResult } from "@tracegen/testresults";
import type { EnvironmentProfile } from "./profile.js";
import {
  CONFIRM_JUNIT_PATH,
  confirmingPytestArgv,
  JUNIT_PATH,
  pytestArgv,
  warmPytestRun,
} from "./test-command.js";

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

/** The environment's prepared tree and what a candidate changed in it: what a warm worker needs. */
export interface WarmTree {
  /** The environment's prepared tree on the host. */
  baseDir: string;
  /** Paths that differ from it (present in the tree's `repoDir`, or deleted). */
  changed: readonly string[];
  /** The tree's `repoDir` holds only the changed paths (a run without an image then needs the whole tree made). */
  partial: boolean;
}

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
  /** Lets a confirming run of a `<python> -m pytest` profile go to a warm worker (see Sandbox.runWarm). */
  warm?: WarmTree;
}

/**
 * Runs pytest in the sandbox and reads per-test results (JUnit XML first, -rA output as fallback).
 * A confirming run of selected tests goes to a warm worker when `warm` is given, the sandbox has
 * them and the profile runs `<python> -m pytest`; a worker lost during the run (a candidate may
 * kill it) makes the run again the one-shot way.
 */
export async function runTests(sandbox: Sandbox, options: RunTestsOptions): Promise<TestRun> {
  const confirm = options.confirm === true && (options.testIds?.length ?? 0) > 0;
  const flags = options.flags ?? [];
  const reports = confirm ? [JUNIT_PATH, CONFIRM_JUNIT_PATH] : [JUNIT_PATH];
  const collect = [...reports, ...(options.collect ?? [])];
  const env = { ...options.profile.env, ...options.env };
  // A confirming run may take two passes: each gets the wall limit of one run.
  const timeoutMs = options.profile.timeoutS * 1000 * (confirm ? 2 : 1);
  const plan =
    confirm && options.warm && !options.command && sandbox.runWarm
      ? warmPytestRun(options.profile.testCmd, options.testIds ?? [], flags)
      : undefined;
  if (plan && options.warm && sandbox.runWarm) {
    try {
      const result = await sandbox.runWarm(
        {
          worker: {
            baseDir: options.warm.baseDir,
            ...(options.tree.image ? { image: options.tree.image } : {}),
            python: plan.python,
            preload: ["pytest"],
            env,
          },
          repoDir: options.tree.repoDir,
          changed: options.warm.changed,
          code: plan.code,
          args: plan.args,
          timeoutMs,
          maxPasses: 2,
          collect,
        },
        options.signal,
      );
      return readRun(result, options, reports, confirm);
    } catch (error) {
      if (!(error instanceof SandboxError && error.code === SandboxErrorCode.WORKER_LOST)) throw error;
    }
  }
  const command =
    options.command ??
    (confirm
      ? confirmingPytestArgv(options.profile.testCmd, options.testIds ?? [], flags)
      : pytestArgv(options.profile.testCmd, options.testIds, flags));
  const result = await withWholeTree(options.tree, options.warm, (tree) =>
    sandbox.run({ ...tree, command, env, timeoutMs, collect }, options.signal),
  );
  return readRun(result, options, reports, confirm);
}

/** Per-test results of a finished run. */
function readRun(result: RunResult, options: RunTestsOptions, reports: string[], confirm: boolean): TestRun {
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

/**
 * Runs `run` on a tree that holds the whole repository: a partial scratch copy (only the
 * changed paths, made for a warm worker) without an image to complete it gets the environment's
 * tree with the changes laid over it, for this run only.
 */
async function withWholeTree<T>(
  tree: RunTree,
  warm: WarmTree | undefined,
  run: (tree: RunTree) => Promise<T>,
): Promise<T> {
  if (!warm?.partial || tree.imageTree !== undefined) return run(tree);
  const root = await mkdtemp(join(dirname(tree.repoDir), "whole-"));
  const dir = join(root, "repo");
  const options = { recursive: true, verbatimSymlinks: true, preserveTimestamps: true, force: true };
  try {
    await cp(warm.baseDir, dir, options);
    for (const path of new Set(warm.changed)) {
      await rm(join(dir, path), { recursive: true, force: true });
      if (await lstat(join(tree.repoDir, path)).catch(() => undefined)) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await cp(join(tree.repoDir, path), join(dir, path), options);
      }
    }
    return await run({ ...tree, repoDir: dir });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
