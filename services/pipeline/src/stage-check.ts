import { countTransient, type RunContext, type Transients } from "./run-context.js";
import type { RunSeed } from "./run-scope.js";

/**
 * Gold-checks the ready seeds that have no conclusive check yet (`ok` and `mismatch` are kept;
 * `environment` is tried again, it may have been transient). Returns the usable seeds: those
 * whose check is ok. A check that throws leaves the seed unchecked for the next run.
 */
export async function checkStage(
  ctx: RunContext,
  seeds: readonly RunSeed[],
  transients: Transients,
): Promise<RunSeed[]> {
  const ready = seeds.filter((s) => s.status === "ready");
  const stored = await storedChecks(
    ctx,
    ready.map((s) => s.id),
  );
  const todo = ready.filter((s) => {
    const outcome = stored.get(s.id);
    return outcome !== "ok" && outcome !== "mismatch";
  });
  for (const [i, seed] of todo.entries()) {
    try {
      const check = await ctx.services.checkSeed(seed.id);
      stored.set(seed.id, check.outcome);
      if (check.outcome !== "ok")
        ctx.logger.warn(
          { seed: seed.id, outcome: check.outcome, detail: check.detail },
          "seed is not usable",
        );
    } catch (error) {
      countTransient(transients, "check_failed");
      ctx.logger.error({ seed: seed.id, err: error }, "gold check failed; the next run tries again");
    }
    ctx.progress.update("check", i + 1, todo.length, seed.id);
  }
  return ready.filter((s) => stored.get(s.id) === "ok");
}

async function storedChecks(ctx: RunContext, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom("seed_checks")
    .select(["seed_id", "outcome"])
    .where("seed_id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.seed_id, r.outcome]));
}
