import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CoverageMap } from "@tracegen/coverage";
import { selectTests } from "@tracegen/coverage";
import { applyPatchCascade, checkPatch } from "@tracegen/patchcheck";
import { parsePythonFile } from "@tracegen/python";
import type { Baseline } from "./baseline.js";
import { analyseChanges } from "./change-analysis.js";
import type { ValidationContext } from "./context.js";
import { type Environment, treeOf } from "./environment.js";
import { runTests, type WarmTree } from "./run-tests.js";
import { scratchCopy } from "./scratch-copy.js";
import { runsPytestModule } from "./test-command.js";
import { compareWithBaseline, decideVerdict, errorVerdict, outcomesOf, type Verdict } from "./verdict.js";

/** A verdict with how it was reached. */
export interface VerdictRecord extends Verdict {
  candidateId: string;
  environmentId: string;
  testsRun: number;
  /** How the tests were chosen: covered, module-level, uncovered, no-map, full. */
  selection: string;
  durationS: number;
  logRef: string | null;
}

/** One candidate to validate. */
export interface CandidateInput {
  candidateId: string;
  patch: string;
  /** `coverage` (default): only the tests covering the change; `full`: the whole suite, SWE-smith's way. */
  selection?: "coverage" | "full";
}

/**
 * Validates one candidate bug: the patch is checked before it touches a disk, applied to a
 * private copy (the SWE-bench cascade), syntax-checked, then the selected tests run in the
 * sandbox and are compared with the baseline; F2P tests are re-run once to confirm them.
 */
export async function validateCandidate(
  ctx: ValidationContext,
  env: Environment,
  baseline: Baseline,
  map: CoverageMap | undefined,
  input: CandidateInput,
): Promise<VerdictRecord> {
  const started = Date.now();
  const record = (
    verdict: Verdict,
    testsRun: number,
    selection: string,
    logRef: string | null,
  ): VerdictRecord => ({
    ...verdict,
    candidateId: input.candidateId,
    environmentId: env.id,
    testsRun,
    selection,
    durationS: (Date.now() - started) / 1000,
    logRef,
  });

  const check = checkPatch(input.patch);
  if (!check.ok) return record(errorVerdict("REJECTED_PATCH", check.reason), 0, "none", null);

  // Coverage-selected tests of a `python -m pytest` profile go to a warm worker, which holds the
  // environment's tree itself: like an environment image, it needs only the patched files.
  const warmable =
    ctx.sandbox.runWarm !== undefined &&
    (input.selection ?? "coverage") === "coverage" &&
    map !== undefined &&
    runsPytestModule(env.profile.testCmd);
  // With an environment image only the patched files are needed on this side.
  const partial = env.treeImage || warmable;
  const copy = await scratchCopy(ctx.workDir, env.repoDir, partial ? check.files : undefined);
  const tree = treeOf(env, copy.dir, check.files);
  const warm: WarmTree = { baseDir: env.repoDir, changed: check.files, partial: partial && !env.treeImage };
  try {
    const applied = await applyPatchCascade(copy.dir, input.patch);
    if (!applied.applied) {
      return record(
        errorVerdict("PATCH_APPLY_FAILED", lastLines(applied.log)),
        0,
        "none",
        await ctx.blobs.put(applied.log),
      );
    }
    for (const path of check.files.filter((p) => p.endsWith(".py"))) {
      const text = await readFile(join(copy.dir, path)).catch(() => undefined);
      if (!text) continue;
      const problem = parsePythonFile(path, text).problem;
      if (problem?.kind === "syntax_error")
        return record(errorVerdict("SYNTAX_ERROR", `${path}: ${problem.detail}`), 0, "none", null);
    }

    let tests: string[] | undefined;
    let selection = "full";
    if ((input.selection ?? "coverage") === "coverage" && map) {
      const chosen = selectTests(
        map,
        analyseChanges(input.patch, (p) => env.unitSpans.get(p) ?? []),
        { flaky: baseline.flaky },
      );
      selection = chosen.reason;
      tests = chosen.tests.filter((t) => baseline.results.get(t) === "PASSED");
      if (tests.length === 0) {
        return record(
          {
            ...decideVerdict([], []),
            detail: `no passing test executes the changed lines (${chosen.reason})`,
          },
          0,
          selection,
          null,
        );
      }
    }
    // Selected tests run with a confirming second pass in the same sandbox (only the tests that
    // did not pass run again). The whole suite runs once, and only its F2P tests run again.
    const run = await runTests(ctx.sandbox, {
      tree,
      profile: env.profile,
      flags: env.flags,
      knownFiles: env.pythonFiles,
      warm,
      ...(tests ? { testIds: tests, confirm: true } : {}),
    });
    const logs = [run.log];
    const ran = tests ?? [...baseline.results.keys()];
    if (run.timedOut) {
      return record(
        {
          ...errorVerdict("ENVIRONMENT", ""),
          kind: "timeout",
          reason: null,
          detail: `tests ran past ${env.profile.timeoutS} s`,
        },
        ran.length,
        selection,
        await ctx.blobs.put(run.log),
      );
    }
    if (run.results.length === 0) {
      // Nothing ran: pytest could not start or collect at all.
      const reason = run.exitCode === 2 || run.exitCode === 4 ? "COLLECTION_ERROR" : "ENVIRONMENT";
      return record(
        errorVerdict(reason, `no test results (exit ${run.exitCode})`),
        0,
        selection,
        await ctx.blobs.put(run.log),
      );
    }
    let { failToPass, passToPass } = compareWithBaseline(
      ran,
      baseline.results,
      baseline.flaky,
      outcomesOf(run.results),
    );
    if (failToPass.length > 0) {
      // A deterministic bug fails again; a test that passes on the second run was flaky, not broken.
      let confirmed = run.confirmation ? outcomesOf(run.confirmation) : undefined;
      if (!confirmed) {
        const again = await runTests(ctx.sandbox, {
          tree,
          profile: env.profile,
          flags: env.flags,
          knownFiles: env.pythonFiles,
          testIds: failToPass,
          warm,
        });
        logs.push(again.log);
        confirmed = outcomesOf(again.results);
      }
      const second = confirmed;
      failToPass = failToPass.filter((id) => second.get(id) !== "PASSED");
    }
    if (tests) {
      // Tests the coverage map did not select never execute the changed lines: they pass as in
      // the baseline, so they are P2P without being run (the full suite would say the same).
      const selected = new Set(tests);
      for (const [id, status] of baseline.results) {
        if (status === "PASSED" && !selected.has(id) && !baseline.flaky.has(id)) passToPass.push(id);
      }
      passToPass.sort();
    }
    const logRef = await ctx.blobs.put(logs.join("\n\n=== confirmation run ===\n\n"));
    return record(decideVerdict(failToPass, passToPass), ran.length, selection, logRef);
  } finally {
    await copy.dispose();
  }
}

function lastLines(text: string, n = 6): string {
  return text.trim().split("\n").slice(-n).join("\n");
}
