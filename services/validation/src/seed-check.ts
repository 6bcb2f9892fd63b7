import { applyPatchCascade, checkPatch } from "@tracegen/patchcheck";
import { matchTestIds, runSummary, type TestResult } from "@tracegen/testresults";
import type { ValidationContext } from "./context.js";
import { ValidationError } from "./context.js";
import { type Environment, treeOf } from "./environment.js";
import { runTests } from "./run-tests.js";
import { scratchCopy } from "./scratch-copy.js";

/** One declared test whose outcome differs from what the seed says. */
export interface Mismatch {
  test: string;
  phase: "before_fix" | "after_fix";
  expected: "fail" | "pass";
  got: string;
}

/** The result of a seed's gold check. */
export interface SeedCheck {
  seedId: string;
  outcome: "ok" | "mismatch" | "environment";
  mismatches: Mismatch[];
  detail: string;
  logRef: string | null;
}

/** A seed's declared tests and patches. */
export interface SeedUnderCheck {
  seedId: string;
  patch: string;
  testPatch: string;
  failToPass: string[];
  passToPass: string[];
}

/**
 * The gold check: with the test patch applied, the declared F2P tests must fail and P2P pass;
 * with the gold patch too, all must pass. The test files are run (not the ids: SWE-bench ids
 * are sometimes cut at a space) and ids matched by prefix.
 */
export async function checkSeed(
  ctx: ValidationContext,
  env: Environment,
  seed: SeedUnderCheck,
): Promise<SeedCheck> {
  const copy = await scratchCopy(ctx.workDir, env.repoDir);
  // The paths both patches touch: all that differs from the environment's image.
  const changed = patchedPaths([seed.testPatch, seed.patch]);
  const logs: string[] = [];
  const done = async (
    outcome: SeedCheck["outcome"],
    mismatches: Mismatch[],
    detail: string,
  ): Promise<SeedCheck> => ({
    seedId: seed.seedId,
    outcome,
    mismatches,
    detail,
    logRef: logs.length ? await ctx.blobs.put(logs.join("\n\n=== with the gold patch ===\n\n")) : null,
  });
  try {
    if (seed.testPatch.trim()) {
      const applied = await applyPatchCascade(copy.dir, seed.testPatch);
      if (!applied.applied)
        throw new ValidationError("ENVIRONMENT", `the test patch does not apply: ${applied.log.slice(-300)}`);
    }
    const files = [
      ...new Set([...seed.failToPass, ...seed.passToPass].map((id) => id.split("::")[0] ?? id)),
    ].sort();
    const run = async () => {
      const result = await runTests(ctx.sandbox, {
        tree: treeOf(env, copy.dir, changed),
        profile: env.profile,
        flags: env.flags,
        knownFiles: env.pythonFiles,
        testIds: files,
      });
      logs.push(result.log);
      return result;
    };
    const before = await run();
    if (!runSummary(before.results).ranAny)
      return done("environment", [], `no test ran before the fix (exit ${before.exitCode})`);
    const gold = await applyPatchCascade(copy.dir, seed.patch);
    if (!gold.applied)
      return done("environment", [], `the gold patch does not apply: ${gold.log.slice(-300)}`);
    const after = await run();
    if (!runSummary(after.results).ranAny)
      return done("environment", [], `no test ran after the fix (exit ${after.exitCode})`);
    const mismatches = [
      ...expect(seed.failToPass, before.results, "before_fix", "fail"),
      ...expect(seed.passToPass, before.results, "before_fix", "pass"),
      ...expect([...seed.failToPass, ...seed.passToPass], after.results, "after_fix", "pass"),
    ];
    return done(
      mismatches.length ? "mismatch" : "ok",
      mismatches,
      mismatches.length ? `${mismatches.length} declared outcomes do not hold` : "",
    );
  } finally {
    await copy.dispose();
  }
}

/** Every path the patches touch, or undefined when one cannot be read (the whole copy then travels). */
function patchedPaths(patches: readonly string[]): string[] | undefined {
  const paths = new Set<string>();
  for (const patch of patches) {
    if (!patch.trim()) continue;
    const check = checkPatch(patch);
    if (!check.ok) return undefined;
    for (const path of check.files) paths.add(path);
  }
  return [...paths];
}

function expect(
  ids: string[],
  results: TestResult[],
  phase: Mismatch["phase"],
  want: "fail" | "pass",
): Mismatch[] {
  const matched = matchTestIds(ids, results);
  const out: Mismatch[] = [];
  for (const id of ids) {
    const found = matched.get(id) ?? [];
    const statuses = found.map((r) => r.status);
    const passed = found.length > 0 && statuses.every((s) => s === "PASSED");
    const failed = found.length === 0 || statuses.some((s) => s === "FAILED" || s === "ERROR");
    if (want === "pass" ? !passed : !failed) {
      out.push({
        test: id,
        phase,
        expected: want,
        got: found.length ? [...new Set(statuses)].join(",") : "MISSING",
      });
    }
  }
  return out;
}
