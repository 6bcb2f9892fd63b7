import type { TestStatus } from "@tracegen/testresults";
import type { ValidationContext } from "./context.js";
import { type Environment, treeOf } from "./environment.js";
import { runTests } from "./run-tests.js";

/** The clean snapshot's test outcomes. */
export interface Baseline {
  results: Map<string, TestStatus>;
  /** Tests whose outcome differed between runs: kept out of F2P and P2P. */
  flaky: Set<string>;
  durationS: number;
}

/**
 * The environment's baseline, run once and cached: the whole suite `runs` times (default 2);
 * a test whose status differs between runs, or that is missing from one, is flaky.
 */
export async function ensureBaseline(ctx: ValidationContext, env: Environment, runs = 2): Promise<Baseline> {
  const cached = await ctx.db
    .selectFrom("baselines")
    .selectAll()
    .where("environment_id", "=", env.id)
    .executeTakeFirst();
  if (cached) {
    return {
      results: new Map(Object.entries(cached.results) as [string, TestStatus][]),
      flaky: new Set(cached.flaky),
      durationS: cached.duration_s,
    };
  }
  const started = Date.now();
  const outcomes: Map<string, TestStatus>[] = [];
  const logs: string[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await runTests(ctx.sandbox, {
      tree: treeOf(env, env.repoDir, []),
      profile: env.profile,
      flags: env.flags,
      knownFiles: env.pythonFiles,
    });
    logs.push(run.log);
    outcomes.push(new Map(run.results.map((r) => [r.id, r.status])));
  }
  const first = outcomes[0] ?? new Map<string, TestStatus>();
  const flaky = new Set<string>();
  const ids = new Set(outcomes.flatMap((o) => [...o.keys()]));
  for (const id of ids) {
    const statuses = new Set(outcomes.map((o) => o.get(id)));
    if (statuses.size > 1) flaky.add(id);
  }
  const durationS = (Date.now() - started) / 1000;
  const logRef = await ctx.blobs.put(logs.join("\n\n=== next run ===\n\n"));
  await ctx.db
    .insertInto("baselines")
    .values({
      environment_id: env.id,
      results: JSON.stringify(Object.fromEntries(first)),
      flaky: JSON.stringify([...flaky].sort()),
      runs,
      duration_s: durationS,
      log_ref: logRef,
    })
    .onConflict((oc) => oc.column("environment_id").doNothing())
    .execute();
  ctx.logger.info(
    { environment: env.id, tests: first.size, flaky: flaky.size, durationS },
    "baseline recorded",
  );
  return { results: first, flaky, durationS };
}
