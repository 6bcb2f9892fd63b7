import type { Schema } from "@tracegen/db";
import type { StrategyName } from "@tracegen/synthesis";
import type { Kysely } from "kysely";
import { countTransient, type RunContext, type Transients } from "./run-context.js";
import { type RunSeed, SYNTHESIZED } from "./run-scope.js";
import { transplantRankings } from "./transplant-ranking.js";

/** The synthesis budget of a run. */
export interface SynthesisPlan {
  strategies: readonly StrategyName[];
  maxCandidatesPerSeed: number;
  randomSeed: number;
}

/**
 * Candidates for each usable seed up to its budget. A seed's candidates are its transplants
 * plus the procedural and combined candidates of its snapshot (those carry no seed; seeds that
 * share a snapshot share them), so candidates made before a crash count toward the budget and
 * only the rest is asked for; synthesis is deterministic and drops what is stored already.
 * `phase` "first" runs every strategy but combine, keeping a quarter of the budget (at least
 * one) for "combine", which needs validated candidates and runs after validation. The progress
 * names how each seed's transplants were ranked (retrieval or identifier overlap).
 */
export async function synthesizeStage(
  ctx: RunContext,
  seeds: readonly RunSeed[],
  plan: SynthesisPlan,
  phase: "first" | "combine",
  transients: Transients,
): Promise<number> {
  const combine = plan.strategies.includes("combine");
  const strategies: readonly StrategyName[] =
    phase === "combine" ? ["combine"] : plan.strategies.filter((s) => s !== "combine");
  if (strategies.length === 0 || (phase === "combine" && !combine)) return 0;
  const budget = plan.maxCandidatesPerSeed;
  const reserve =
    combine && phase === "first" ? Math.min(budget - 1, Math.max(1, Math.floor(budget / 4))) : 0;
  let made = 0;
  for (const [i, seed] of seeds.entries()) {
    const have = await seedCandidates(ctx.db, seed, phase === "first");
    const want = budget - reserve - have;
    if (want > 0 && seed.snapshotId) {
      try {
        const summary = await ctx.services.synthesize({
          seedId: seed.id,
          snapshotId: seed.snapshotId,
          strategies,
          maxCandidates: want,
          randomSeed: plan.randomSeed,
        });
        made += summary.made;
      } catch (error) {
        countTransient(transients, "synthesize_failed");
        ctx.logger.error({ seed: seed.id, err: error }, "synthesis failed; the next run tries again");
      }
    }
    const ranking = strategies.includes("transplant")
      ? (await transplantRankings(ctx.db, [seed.id]))[seed.id]
      : undefined;
    ctx.progress.update(
      phase === "first" ? "synthesize" : "combine",
      i + 1,
      seeds.length,
      `${seed.id}, ${made} new${ranking ? `, transplants ranked by ${ranking}` : ""}`,
    );
  }
  return made;
}

/** Candidates counted toward a seed's budget (without the combined ones when `withoutCombine`). */
async function seedCandidates(db: Kysely<Schema>, seed: RunSeed, withoutCombine: boolean): Promise<number> {
  if (!seed.snapshotId) return 0;
  const strategies = withoutCombine ? SYNTHESIZED.filter((s) => s !== "combine") : [...SYNTHESIZED];
  const row = await db
    .selectFrom("candidates")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("snapshot_id", "=", seed.snapshotId)
    .where("strategy", "in", strategies)
    .where((eb) => eb.or([eb("seed_id", "=", seed.id), eb("seed_id", "is", null)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
