import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { CoverageMap, coverageRunPlan, parseCoverageMap } from "@tracegen/coverage";
import type { ValidationContext } from "./context.js";
import { type Environment, treeOf } from "./environment.js";
import { runTests } from "./run-tests.js";
import { scratchCopy } from "./scratch-copy.js";
import { splitCommand } from "./test-command.js";

/**
 * The environment's per-test coverage map, computed once (pytest-cov contexts in the sandbox,
 * the SQLite data read there) and stored compact. Undefined when the run produced no map:
 * candidates then run the whole suite.
 */
export async function ensureCoverageMap(
  ctx: ValidationContext,
  env: Environment,
): Promise<CoverageMap | undefined> {
  const cached = await ctx.db
    .selectFrom("coverage_maps")
    .select("map")
    .where("environment_id", "=", env.id)
    .executeTakeFirst();
  if (cached) return CoverageMap.fromBinary(cached.map);
  const plan = coverageRunPlan({ testCommand: splitCommand(env.profile.testCmd) });
  // With an environment image only the plan's files travel; bwrap needs the whole tree.
  const planPaths = plan.files.map((f) => f.path);
  const copy = await scratchCopy(ctx.workDir, env.repoDir, env.treeImage ? planPaths : undefined);
  const started = Date.now();
  try {
    for (const file of plan.files) {
      await mkdir(dirname(join(copy.dir, file.path)), { recursive: true });
      await writeFile(join(copy.dir, file.path), file.content);
    }
    const run = await runTests(ctx.sandbox, {
      tree: treeOf(env, copy.dir, planPaths),
      profile: env.profile,
      command: plan.command,
      env: plan.env,
      collect: plan.collect,
      knownFiles: env.pythonFiles,
    });
    const json = plan.collect.map((p) => run.files.get(p)).find((b) => b !== undefined);
    if (!json) {
      ctx.logger.warn(
        { environment: env.id, exit: run.exitCode },
        "coverage run produced no map; candidates will run the full suite",
      );
      return undefined;
    }
    const map = parseCoverageMap(json.toString("utf8"));
    await ctx.db
      .insertInto("coverage_maps")
      .values({
        environment_id: env.id,
        map: map.toBinary(),
        tests: map.tests.length,
        duration_s: (Date.now() - started) / 1000,
      })
      .onConflict((oc) => oc.column("environment_id").doNothing())
      .execute();
    return map;
  } finally {
    await copy.dispose();
  }
}
