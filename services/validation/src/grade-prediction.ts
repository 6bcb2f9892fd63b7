import { cp, lstat, mkdir, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { applyPatchCascade, checkPatch } from "@tracegen/patchcheck";
import { matchTestIds, type TestResult } from "@tracegen/testresults";
import { createFileBlobStore } from "./blob-store.js";
import type { ValidationContext } from "./context.js";
import { chooseProfile, prepareEnvironment, treeOf } from "./environment.js";
import type { EnvironmentProfile } from "./profile.js";
import { runTests } from "./run-tests.js";
import { scratchCopy } from "./scratch-copy.js";
import type { ValidationCoreOptions } from "./validation-core.js";

/** One prediction on one task instance, with what the instance declares. */
export interface GradeInput {
  /** The diff that makes the instance's bug (applied to the snapshot first: the buggy code is the task). */
  bugPatch: string;
  /** The instance's test patch ("" when the repository's tests already prove the bug). */
  testPatch: string;
  /** The solver's patch; "" for none. */
  modelPatch: string;
  failToPass: readonly string[];
  passToPass: readonly string[];
}

/** Test ids split by outcome, as SWE-bench's report.json lists them. */
export interface TestSplit {
  success: string[];
  failure: string[];
}

/** The grade of one prediction, SWE-bench's way. */
export type Grade =
  | {
      kind: "graded";
      environmentId: string;
      /** False when the model patch was refused or did not apply (then nothing ran). */
      patchApplied: boolean;
      /** Why the model patch did not apply. */
      applyDetail: string;
      /** All F2P and all P2P tests passed. */
      resolved: boolean;
      /** Null when nothing ran (the model patch did not apply). */
      tests: { FAIL_TO_PASS: TestSplit; PASS_TO_PASS: TestSplit } | null;
      logRef: string | null;
      durationS: number;
    }
  /** The instance itself cannot be graded here: its bug or test patch does not apply, or no test ran. */
  | { kind: "error"; detail: string; logRef: string | null };

/** Grades predictions in the snapshots' environments. */
export interface Grader {
  grade(snapshotId: string, input: GradeInput, profile?: EnvironmentProfile): Promise<Grade>;
}

/**
 * A grader over the validation service's environments and sandbox: the snapshot's environment
 * (as validation prepared it: same profile choice, same tree), a private copy with the bug
 * patch, the model patch and then the test patch applied (the test patch's files are first
 * reset to the buggy code, as SWE-bench's harness resets test files), and one run of the test
 * files of the declared F2P and P2P tests (ids matched as in the gold check). Resolved when
 * every F2P and every P2P test passes.
 */
export function createGrader(options: Omit<ValidationCoreOptions, "bus" | "baselineRuns">): Grader {
  const workDir = resolve(options.workDir);
  const ctx: ValidationContext = {
    db: options.db,
    sandbox: options.sandbox,
    blobs: createFileBlobStore(join(workDir, "blobs")),
    workDir,
    logger: options.logger,
  };
  return {
    async grade(snapshotId, input, profile) {
      const started = Date.now();
      await mkdir(workDir, { recursive: true });
      const env = await prepareEnvironment(ctx, snapshotId, await chooseProfile(ctx, snapshotId, profile));
      // No bug patch: the snapshot itself is the buggy code (a SWE-bench row).
      const bug = input.bugPatch.trim() ? checkPatch(input.bugPatch) : { ok: true as const, files: [] };
      if (!bug.ok) return { kind: "error", detail: `the bug patch is refused: ${bug.reason}`, logRef: null };
      const test = input.testPatch.trim() ? checkPatch(input.testPatch) : undefined;
      if (test && !test.ok)
        return { kind: "error", detail: `the test patch is refused: ${test.reason}`, logRef: null };
      const model = input.modelPatch.trim() ? checkPatch(input.modelPatch) : undefined;
      const changed = new Set([
        ...bug.files,
        ...(test?.ok ? test.files : []),
        ...(model?.ok ? model.files : []),
      ]);
      const copy = await scratchCopy(ctx.workDir, env.repoDir, env.treeImage ? [...changed] : undefined);
      try {
        const bugApplied = input.bugPatch.trim()
          ? await applyPatchCascade(copy.dir, input.bugPatch)
          : undefined;
        if (bugApplied && !bugApplied.applied)
          return {
            kind: "error",
            detail: "the bug patch does not apply",
            logRef: await ctx.blobs.put(bugApplied.log),
          };
        let patchApplied = false;
        let applyDetail = "";
        if (!model) applyDetail = "empty patch";
        else if (!model.ok) applyDetail = `refused: ${model.reason}`;
        else {
          const applied = await applyPatchCascade(copy.dir, input.modelPatch);
          patchApplied = applied.applied;
          if (!applied.applied) applyDetail = lastLines(applied.log);
        }
        const f2p = [...input.failToPass];
        const p2p = [...input.passToPass];
        if (!patchApplied) {
          return {
            kind: "graded",
            environmentId: env.id,
            patchApplied,
            applyDetail,
            resolved: false,
            tests: null,
            logRef: null,
            durationS: (Date.now() - started) / 1000,
          };
        }
        if (test?.ok) {
          await resetFiles(copy.dir, env.repoDir, test.files);
          const applied = await applyPatchCascade(copy.dir, input.testPatch);
          if (!applied.applied)
            return {
              kind: "error",
              detail: "the test patch does not apply",
              logRef: await ctx.blobs.put(applied.log),
            };
        }
        const files = [...new Set([...f2p, ...p2p].map((id) => id.split("::")[0] ?? id))].sort();
        const run = await runTests(ctx.sandbox, {
          tree: treeOf(env, copy.dir, [...changed]),
          profile: env.profile,
          flags: env.flags,
          knownFiles: env.pythonFiles,
          testIds: files,
        });
        const logRef = await ctx.blobs.put(run.log);
        if (run.timedOut)
          return { kind: "error", detail: `tests ran past ${env.profile.timeoutS} s`, logRef };
        const tests = { FAIL_TO_PASS: split(f2p, run.results), PASS_TO_PASS: split(p2p, run.results) };
        return {
          kind: "graded",
          environmentId: env.id,
          patchApplied,
          applyDetail,
          resolved: tests.FAIL_TO_PASS.failure.length === 0 && tests.PASS_TO_PASS.failure.length === 0,
          tests,
          logRef,
          durationS: (Date.now() - started) / 1000,
        };
      } finally {
        await copy.dispose();
      }
    },
  };
}

/** A declared test passes when it ran and every result of it passed (XFAIL counts, as in SWE-bench). */
function split(ids: string[], results: TestResult[]): TestSplit {
  const matched = matchTestIds(ids, results);
  const out: TestSplit = { success: [], failure: [] };
  for (const id of ids) {
    const found = matched.get(id) ?? [];
    const passed = found.length > 0 && found.every((r) => r.status === "PASSED" || r.status === "XFAIL");
    (passed ? out.success : out.failure).push(id);
  }
  return out;
}

/** Puts `paths` back as the environment has them (or removes them where it has none). */
async function resetFiles(dir: string, envDir: string, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const target = join(dir, path);
    await rm(target, { recursive: true, force: true });
    const source = join(envDir, path);
    if (!(await lstat(source).catch(() => undefined))) continue;
    await mkdir(dirname(target), { recursive: true });
    await cp(source, target, { verbatimSymlinks: true, preserveTimestamps: true });
  }
}

function lastLines(text: string, n = 6): string {
  return text.trim().split("\n").slice(-n).join("\n");
}
