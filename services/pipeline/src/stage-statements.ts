import { create, toBinary } from "@bufbuild/protobuf";
import { enqueueEvent, relayOutbox } from "@tracegen/bus";
import { InstanceCreatedSchema, Subjects } from "@tracegen/proto";
import {
  failureSection,
  type Statement,
  StatementError,
  StatementErrorCode,
  type StatementInput,
  templateStatement,
} from "@tracegen/statement";
import { instanceIdOf } from "./instance-id.js";
import { countTransient, type RunContext, type Transients } from "./run-context.js";
import { type RunSeed, SYNTHESIZED } from "./run-scope.js";
import { testSources } from "./test-sources.js";

const MAX_SOURCES = 5;

/**
 * A problem statement for every valid run candidate that has no instance yet, stored as its
 * instance (keyed by the candidate, with a `tracegen.instance.created` event in the same
 * transaction, so an instance is never made twice). Offline the template writes it; with a
 * statement writer (the LLM) that writer does. A writer out of quota parks the rest of the
 * run's statements, an unreachable one parks the item: parked candidates get their instance
 * from the next run. A writer that rejects the request gets the template instead.
 */
export async function statementsStage(
  ctx: RunContext,
  usable: readonly RunSeed[],
  transients: Transients,
): Promise<number> {
  const snapshots = [...new Set(usable.flatMap((s) => (s.snapshotId ? [s.snapshotId] : [])))];
  if (snapshots.length === 0) return 0;
  const todo = await ctx.db
    .selectFrom("candidates as c")
    .innerJoin("verdicts as v", "v.candidate_id", "c.id")
    .innerJoin("snapshots as s", "s.id", "c.snapshot_id")
    .leftJoin("instances as i", "i.candidate_id", "c.id")
    .select(["c.id", "c.snapshot_id", "c.patch", "c.seed_id", "c.target_path", "c.target_unit", "s.repo"])
    .select(["v.fail_to_pass", "v.log_ref"])
    .where("c.snapshot_id", "in", snapshots)
    .where("c.strategy", "in", [...SYNTHESIZED])
    .where("v.kind", "=", "valid")
    .where("i.candidate_id", "is", null)
    .orderBy("c.id")
    .execute();
  let written = 0;
  let quota = false;
  for (const [i, candidate] of todo.entries()) {
    const input = await statementInput(ctx, candidate);
    let statement: Statement | undefined;
    if (quota) countTransient(transients, "statement_parked_quota");
    else {
      try {
        statement = ctx.statementWriter ? await ctx.statementWriter.write(input) : templateStatement(input);
      } catch (error) {
        if (!(error instanceof StatementError)) throw error;
        if (error.code === StatementErrorCode.QUOTA) {
          quota = true;
          countTransient(transients, "statement_parked_quota");
          ctx.logger.warn(
            { candidate: candidate.id },
            "LLM quota exhausted: statements parked until the next run",
          );
        } else if (
          error.code === StatementErrorCode.UNAVAILABLE ||
          error.code === StatementErrorCode.ABORTED
        ) {
          countTransient(transients, "statement_parked_unavailable");
          ctx.logger.warn(
            { candidate: candidate.id, err: error.message },
            "LLM unavailable: statement parked",
          );
        } else {
          ctx.logger.warn(
            { candidate: candidate.id, err: error.message },
            "LLM refused the request: template statement",
          );
          statement = templateStatement(input);
        }
      }
    }
    if (statement) {
      const seedId =
        candidate.seed_id ?? usable.find((s) => s.snapshotId === candidate.snapshot_id)?.id ?? null;
      if (await storeInstance(ctx, candidate, seedId, statement)) written++;
    }
    ctx.progress.update("statements", i + 1, todo.length, candidate.id);
  }
  if (ctx.bus) {
    await relayOutbox(ctx.db, ctx.bus).catch((error: unknown) =>
      ctx.logger.warn({ err: error }, "event relay failed; events stay in the outbox"),
    );
  }
  return written;
}

interface ValidCandidate {
  id: string;
  snapshot_id: string;
  patch: string;
  target_path: string;
  target_unit: string;
  repo: string;
  fail_to_pass: string[];
  log_ref: string | null;
}

/** What a statement is written from: the bug patch, the F2P tests with their failure sections and sources, the run's output. */
async function statementInput(ctx: RunContext, candidate: ValidCandidate): Promise<StatementInput> {
  const log = candidate.log_ref
    ? await ctx.services.readLog(candidate.log_ref).catch(() => undefined)
    : undefined;
  const sources = await testSources(
    ctx.db,
    candidate.snapshot_id,
    candidate.fail_to_pass.slice(0, MAX_SOURCES),
  ).catch(() => new Map<string, string>());
  return {
    repo: candidate.repo,
    bugPatch: candidate.patch,
    failingTests: candidate.fail_to_pass.map((id) => {
      const source = sources.get(id);
      return { id, message: failureSection(log, id) ?? "", ...(source ? { source } : {}) };
    }),
    ...(log !== undefined ? { buggyOutput: log } : {}),
    ...(candidate.target_path && candidate.target_unit
      ? { changedFunction: { path: candidate.target_path, name: candidate.target_unit } }
      : {}),
  };
}

/** Stores the instance and its event in one transaction; false when it was there already. */
async function storeInstance(
  ctx: RunContext,
  candidate: ValidCandidate,
  seedId: string | null,
  statement: Statement,
): Promise<boolean> {
  const instanceId = instanceIdOf(candidate.repo, candidate.id);
  return ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("instances")
      .values({
        candidate_id: candidate.id,
        instance_id: instanceId,
        snapshot_id: candidate.snapshot_id,
        seed_id: seedId,
        problem_statement: statement.text,
        statement_source: statement.source,
        statement_model: statement.model ?? null,
        cost_usd: statement.costUsd ?? 0,
        prompt_tokens: statement.tokens?.prompt ?? 0,
        completion_tokens: statement.tokens?.completion ?? 0,
      })
      .onConflict((oc) => oc.column("candidate_id").doNothing())
      .executeTakeFirst();
    if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) return false;
    await enqueueEvent(trx, {
      subject: Subjects.instanceCreated,
      msgId: `instance.created:${instanceId}`,
      data: toBinary(
        InstanceCreatedSchema,
        create(InstanceCreatedSchema, { instanceId, candidateId: candidate.id }),
      ),
    });
    return true;
  });
}
