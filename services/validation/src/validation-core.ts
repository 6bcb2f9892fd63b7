import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { create, toBinary } from "@bufbuild/protobuf";
import { type Bus, enqueueEvent, relayOutbox } from "@tracegen/bus";
import type { Schema } from "@tracegen/db";
import type { Logger } from "@tracegen/log";
import { CandidateValidatedSchema, Subjects, VerdictKind, VerdictReason } from "@tracegen/proto";
import type { Sandbox } from "@tracegen/sandbox";
import type { Kysely } from "kysely";
import { type Baseline, ensureBaseline } from "./baseline.js";
import { createFileBlobStore } from "./blob-store.js";
import { type ValidationContext, ValidationError } from "./context.js";
import { ensureCoverageMap } from "./coverage.js";
import { chooseProfile, type Environment, prepareEnvironment } from "./environment.js";
import type { EnvironmentProfile } from "./profile.js";
import { checkSeed, type SeedCheck } from "./seed-check.js";
import { type CandidateInput, type VerdictRecord, validateCandidate } from "./validate-candidate.js";

/** What the validation core needs. */
export interface ValidationCoreOptions {
  db: Kysely<Schema>;
  sandbox: Sandbox;
  /** Environments, scratch copies and the blob store live here. */
  workDir: string;
  logger: Logger;
  bus?: Bus;
  /** Baseline runs used to find flaky tests (default 2). */
  baselineRuns?: number;
}

/** A prepared environment with its baseline and coverage map. */
export interface ReadyEnvironment {
  env: Environment;
  baseline: Baseline;
  coverage: "map" | "none";
}

/** The validation service's core. */
export interface ValidationCore {
  /** Exports the snapshot, runs and caches its baseline and coverage map. */
  buildEnvironment(snapshotId: string, profile?: EnvironmentProfile): Promise<ReadyEnvironment>;
  /** Validates a candidate on a snapshot; a candidate validated before gets its stored verdict. */
  validate(
    snapshotId: string,
    input: Omit<CandidateInput, "candidateId"> & { candidateId?: string },
    profile?: EnvironmentProfile,
  ): Promise<VerdictRecord>;
  relayEvents(): Promise<number>;
  /** Runs a seed's gold check and records it (ok / mismatch with the differing tests / environment). */
  checkSeed(seedId: string, profile?: EnvironmentProfile): Promise<SeedCheck>;
  /** A run log from the blob store, by the address a verdict or baseline gives. */
  readLog(ref: string): Promise<string>;
}

/** Builds the validation core. */
export function createValidationCore(options: ValidationCoreOptions): ValidationCore {
  // Sandboxes take absolute paths only.
  const workDir = resolve(options.workDir);
  mkdirSync(workDir, { recursive: true });
  const ctx: ValidationContext = {
    db: options.db,
    sandbox: options.sandbox,
    blobs: createFileBlobStore(join(workDir, "blobs")),
    workDir,
    logger: options.logger,
  };
  const ready = new Map<
    string,
    Promise<{ env: Environment; baseline: Baseline; map: Awaited<ReturnType<typeof ensureCoverageMap>> }>
  >();

  const prepare = async (snapshotId: string, profile?: EnvironmentProfile) => {
    // The stored profile is looked up every time, so one stored later is picked up by a running service.
    const choice = await chooseProfile(ctx, snapshotId, profile);
    const key = `${snapshotId}\n${JSON.stringify(choice.profile ?? null)}`;
    let entry = ready.get(key);
    if (!entry) {
      entry = (async () => {
        const env = await prepareEnvironment(ctx, snapshotId, choice);
        const baseline = await ensureBaseline(ctx, env, options.baselineRuns ?? 2);
        const map = await ensureCoverageMap(ctx, env);
        return { env, baseline, map };
      })();
      entry.catch(() => ready.delete(key));
      ready.set(key, entry);
    }
    return entry;
  };
  const relayEvents = async () => (options.bus ? relayOutbox(options.db, options.bus) : 0);

  return {
    async buildEnvironment(snapshotId, profile) {
      const { env, baseline, map } = await prepare(snapshotId, profile);
      return { env, baseline, coverage: map ? "map" : "none" };
    },

    async validate(snapshotId, input, profile) {
      const candidateId =
        input.candidateId ||
        `cand-${createHash("sha256").update(`${snapshotId}\n${input.patch}`).digest("hex").slice(0, 16)}`;
      const stored = await findVerdict(options.db, candidateId);
      if (stored) return stored;
      const { env, baseline, map } = await prepare(snapshotId, profile);
      const verdict = await validateCandidate(ctx, env, baseline, map, { ...input, candidateId });
      await options.db.transaction().execute(async (trx) => {
        await trx
          .insertInto("candidates")
          .values({ id: candidateId, snapshot_id: snapshotId, patch: input.patch, strategy: "external" })
          .onConflict((oc) => oc.column("id").doNothing())
          .execute();
        const inserted = await trx
          .insertInto("verdicts")
          .values({
            candidate_id: candidateId,
            environment_id: env.id,
            kind: verdict.kind,
            reason: verdict.reason,
            detail: verdict.detail,
            fail_to_pass: JSON.stringify(verdict.failToPass),
            pass_to_pass: JSON.stringify(verdict.passToPass),
            tests_run: verdict.testsRun,
            selection: verdict.selection,
            duration_s: verdict.durationS,
            log_ref: verdict.logRef,
          })
          .onConflict((oc) => oc.column("candidate_id").doNothing())
          .executeTakeFirst();
        // Exactly one verdict per candidate: a concurrent validation that lost the race publishes nothing.
        if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) return;
        await enqueueEvent(trx, {
          subject: Subjects.candidateValidated,
          msgId: `candidate.validated:${candidateId}`,
          data: toBinary(
            CandidateValidatedSchema,
            create(CandidateValidatedSchema, { candidateId, snapshotId, verdict: toProtoVerdict(verdict) }),
          ),
        });
      });
      await relayEvents();
      return (await findVerdict(options.db, candidateId)) ?? verdict;
    },

    async checkSeed(seedId, profile) {
      const seed = await options.db
        .selectFrom("seeds")
        .select(["instance_id", "row", "status", "snapshot_id"])
        .where("instance_id", "=", seedId)
        .executeTakeFirst();
      if (!seed) throw new ValidationError("NOT_FOUND", `seed ${seedId} not found`);
      if (seed.status !== "ready" || !seed.snapshot_id)
        throw new ValidationError("BAD_INPUT", `seed ${seedId} is ${seed.status}, not ready`);
      const row = seed.row as {
        patch: string;
        test_patch: string;
        FAIL_TO_PASS: string[];
        PASS_TO_PASS: string[];
      };
      let env: Environment;
      try {
        env = await prepareEnvironment(
          ctx,
          seed.snapshot_id,
          await chooseProfile(ctx, seed.snapshot_id, profile),
        );
      } catch (error) {
        // An environment that cannot be prepared (an install command failed) is this seed's outcome.
        if (!(error instanceof ValidationError && error.code === "ENVIRONMENT")) throw error;
        const result: SeedCheck = {
          seedId,
          outcome: "environment",
          mismatches: [],
          detail: error.message,
          logRef: error.logRef ?? null,
        };
        if (error.environmentId) await recordSeedCheck(options.db, seedId, error.environmentId, result);
        return result;
      }
      let result: SeedCheck;
      try {
        result = await checkSeed(ctx, env, {
          seedId,
          patch: row.patch,
          testPatch: row.test_patch,
          failToPass: row.FAIL_TO_PASS,
          passToPass: row.PASS_TO_PASS,
        });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        result = { seedId, outcome: "environment", mismatches: [], detail: error.message, logRef: null };
      }
      await recordSeedCheck(options.db, seedId, env.id, result);
      return result;
    },

    relayEvents,
    readLog: async (ref) => (await ctx.blobs.get(ref)).toString("utf8"),
  };
}

async function recordSeedCheck(
  db: Kysely<Schema>,
  seedId: string,
  environmentId: string,
  result: SeedCheck,
): Promise<void> {
  const values = {
    environment_id: environmentId,
    outcome: result.outcome,
    detail: JSON.stringify({ detail: result.detail, mismatches: result.mismatches }),
    log_ref: result.logRef,
  };
  await db
    .insertInto("seed_checks")
    .values({ seed_id: seedId, ...values })
    .onConflict((oc) => oc.column("seed_id").doUpdateSet(values))
    .execute();
}

async function findVerdict(db: Kysely<Schema>, candidateId: string): Promise<VerdictRecord | undefined> {
  const row = await db
    .selectFrom("verdicts")
    .selectAll()
    .where("candidate_id", "=", candidateId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    candidateId: row.candidate_id,
    environmentId: row.environment_id,
    kind: row.kind,
    reason: row.reason as VerdictRecord["reason"],
    detail: row.detail,
    failToPass: row.fail_to_pass,
    passToPass: row.pass_to_pass,
    testsRun: row.tests_run,
    selection: row.selection,
    durationS: row.duration_s,
    logRef: row.log_ref,
  };
}

const KIND = {
  valid: VerdictKind.VALID,
  invalid: VerdictKind.INVALID,
  error: VerdictKind.ERROR,
  timeout: VerdictKind.TIMEOUT,
};

/** A verdict as the proto message's init shape. */
export function toProtoVerdict(v: VerdictRecord) {
  return {
    candidateId: v.candidateId,
    kind: KIND[v.kind],
    reason: v.reason
      ? (VerdictReason[v.reason as keyof typeof VerdictReason] ?? VerdictReason.UNSPECIFIED)
      : VerdictReason.UNSPECIFIED,
    detail: v.detail,
    failToPass: v.failToPass,
    passToPass: v.passToPass,
    durationS: v.durationS,
    logRef: v.logRef ?? "",
  };
}
