import { countTransient, type RunContext, type Transients } from "./run-context.js";
import { SYNTHESIZED } from "./run-scope.js";

/** What one validation pass did. */
export interface ValidateOutcome {
  /** Verdicts stored by this pass. */
  validated: number;
  seconds: number;
}

/**
 * Validates every run candidate on `snapshots` that has no verdict yet, oldest first (in this
 * process, or by the validation workers in distributed mode). A verdict is stored once per
 * candidate (stored ones are never recomputed); a validation that throws (a sandbox that
 * crashed, an environment that could not be prepared) stores nothing, and neither does a
 * distributed wait that ended, so the candidate is validated by the next run.
 */
export async function validateStage(
  ctx: RunContext,
  snapshots: readonly string[],
  transients: Transients,
  /** Called with the seconds each candidate took (so a killed run has recorded its time). */
  tick: (seconds: number) => Promise<void>,
): Promise<ValidateOutcome> {
  const started = Date.now();
  let last = started;
  const lap = async () => {
    const now = Date.now();
    await tick((now - last) / 1000);
    last = now;
  };
  if (snapshots.length === 0) return { validated: 0, seconds: 0 };
  const todo = await ctx.db
    .selectFrom("candidates as c")
    .leftJoin("verdicts as v", "v.candidate_id", "c.id")
    .select(["c.id", "c.snapshot_id", "c.patch", "c.created_at"])
    .where("c.snapshot_id", "in", [...snapshots])
    .where("c.strategy", "in", [...SYNTHESIZED])
    .where("v.candidate_id", "is", null)
    .orderBy("c.created_at")
    .orderBy("c.id")
    .execute();
  let validated = 0;
  let reported = 0;
  await ctx.services.validate(todo, async (result) => {
    reported++;
    if ("verdict" in result) {
      validated++;
      ctx.progress.update("validate", reported, todo.length, `${result.candidateId} ${result.verdict}`);
    } else {
      countTransient(transients, "validate_failed");
      ctx.logger.error(
        { candidate: result.candidateId, err: result.error },
        "validation failed; the next run tries again",
      );
      ctx.progress.update("validate", reported, todo.length, `${result.candidateId} failed`);
    }
    await lap();
  });
  // Distributed: candidates still without a verdict when the wait ended.
  for (let i = reported; i < todo.length; i++) countTransient(transients, "validate_pending");
  await lap();
  return { validated, seconds: (Date.now() - started) / 1000 };
}
