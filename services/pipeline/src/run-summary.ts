import type { Schema } from "@tracegen/db";
import { emptyRunSummary, type RunSummary, type YieldCounts } from "@tracegen/export";
import type { Kysely } from "kysely";
import type { Transients } from "./run-context.js";
import type { RetrievalUse } from "./run-retrieval.js";
import { type RunSeed, SYNTHESIZED } from "./run-scope.js";
import { transplantRankings } from "./transplant-ranking.js";

/** What the summary is built from besides the database. */
export interface SummaryInput {
  runId: string;
  /** The run's first start. */
  startedAt: Date;
  /** Wall time summed over the run's invocations. */
  wallSeconds: number;
  /** Rows read from the seeds document. */
  rows: number;
  seeds: readonly RunSeed[];
  usable: readonly RunSeed[];
  /** Seconds per stage, summed over the run's invocations. */
  stageSeconds: Record<string, number>;
  /** Items left for the next run in this invocation, by kind. */
  transients: Transients;
  /** What retrieval did for transplants in this invocation. */
  retrieval: RetrievalUse;
}

/**
 * The run's summary, from what the database holds for its seeds (so a resumed or repeated run
 * reports the same counts): the funnel, yield per strategy and mutator, failure reasons
 * bucketed (`seed_unusable_<reason>`, `seed_gold_<outcome>`, `<verdict kind>_<reason>`, work
 * still pending), statement sources and LLM cost, how each seed's transplants were ranked;
 * times summed over the run's invocations, indexing for retrieval as this invocation did it.
 */
export async function buildRunSummary(db: Kysely<Schema>, input: SummaryInput): Promise<RunSummary> {
  const finished = new Date();
  const summary = emptyRunSummary({
    runId: input.runId,
    repos: [...new Set(input.seeds.map((s) => s.repo))].sort(),
    startedAt: input.startedAt.toISOString(),
  });
  summary.finishedAt = finished.toISOString();
  summary.wallSeconds = round(input.wallSeconds);
  summary.stageSeconds = Object.fromEntries(
    Object.entries(input.stageSeconds).map(([k, v]) => [k, round(v)]),
  );
  const reasons = summary.failureReasons;
  const bump = (key: string, n = 1) => {
    if (n > 0) reasons[key] = (reasons[key] ?? 0) + n;
  };

  summary.counts.seeds = input.rows;
  summary.counts.usable = input.usable.length;
  for (const seed of input.seeds)
    if (seed.status === "unusable") bump(`seed_unusable_${(seed.unusableReason ?? "unknown").toLowerCase()}`);
  const ready = input.seeds.filter((s) => s.status === "ready").map((s) => s.id);
  const checks = ready.length
    ? await db
        .selectFrom("seed_checks")
        .select(["seed_id", "outcome"])
        .where("seed_id", "in", ready)
        .execute()
    : [];
  for (const check of checks) if (check.outcome !== "ok") bump(`seed_gold_${check.outcome}`);
  bump("seed_check_pending", ready.length - checks.length);
  const usableIds = input.usable.map((s) => s.id);
  summary.counts.traced = usableIds.length
    ? Number(
        (
          await db
            .selectFrom("traces")
            .select((eb) => eb.fn.count<string>("seed_id").distinct().as("n"))
            .where("seed_id", "in", usableIds)
            .executeTakeFirstOrThrow()
        ).n,
      )
    : 0;

  const snapshots = [...new Set(input.usable.flatMap((s) => (s.snapshotId ? [s.snapshotId] : [])))];
  if (snapshots.length > 0) {
    const rows = await db
      .selectFrom("candidates as c")
      .leftJoin("verdicts as v", "v.candidate_id", "c.id")
      .leftJoin("instances as i", "i.candidate_id", "c.id")
      .select(["c.strategy", "c.mutator", "v.kind", "v.reason", "i.statement_source", "i.cost_usd"])
      .select(["i.prompt_tokens", "i.completion_tokens"])
      .where("c.snapshot_id", "in", snapshots)
      .where("c.strategy", "in", [...SYNTHESIZED])
      .execute();
    const statements = { template: 0, llm: 0 };
    for (const r of rows) {
      summary.counts.candidates++;
      if (r.kind) summary.counts.validated++;
      if (r.kind === "valid") summary.counts.valid++;
      if (r.statement_source) {
        summary.counts.instances++;
        statements[r.statement_source]++;
        summary.cost.llmUsd += r.cost_usd ?? 0;
        summary.cost.tokens.prompt += r.prompt_tokens ?? 0;
        summary.cost.tokens.completion += r.completion_tokens ?? 0;
      }
      addYield(summary.perStrategy, r.strategy, r.kind);
      addYield(summary.perMutator, r.mutator || r.strategy, r.kind);
      if (!r.kind) bump("pending_verdict");
      else if (r.kind !== "valid") bump(r.reason ? `${r.kind}_${r.reason.toLowerCase()}` : r.kind);
      else if (!r.statement_source) bump("pending_statement");
    }
    summary.statements = statements;
    summary.cost.llmUsd = round(summary.cost.llmUsd, 6);
  }
  for (const [kind, n] of Object.entries(input.transients)) bump(`transient_${kind}`, n);
  summary.retrieval = { ...input.retrieval, transplantRanking: await transplantRankings(db, usableIds) };
  return summary;
}

function addYield(into: Record<string, YieldCounts>, key: string, kind: string | null): void {
  const entry = into[key] ?? { made: 0, validated: 0, valid: 0 };
  into[key] = entry;
  entry.made++;
  if (kind) entry.validated++;
  if (kind === "valid") entry.valid++;
}

function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
