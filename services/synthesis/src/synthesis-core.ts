import { type Bus, relayOutbox } from "@tracegen/bus";
import type { Schema } from "@tracegen/db";
import type { Logger } from "@tracegen/log";
import { MUTATORS, type MutatorName } from "@tracegen/pyedit";
import type { Kysely } from "kysely";
import { type CandidateRow, insertCandidate } from "./candidates.repository.js";
import { combineDrafts } from "./combine.js";
import { loadCoverageInfo } from "./coverage-info.js";
import type { Draft, StrategyName } from "./draft.js";
import { DEFAULT_MUTATORS, proceduralDrafts } from "./procedural.js";
import { loadSeedTraces } from "./seed-traces.js";
import { loadSnapshot, readSnapshotFiles } from "./snapshot-files.js";
import { SynthesisError } from "./synthesis-error.js";
import { loadTargets, unitKey } from "./targets.js";
import { transplantDrafts } from "./transplant.js";

/** What to synthesize. */
export interface SynthesizeRequest {
  /** A seed: transplants of its trace, procedural bugs in its snapshot. */
  seedId?: string;
  /** A snapshot: transplants of every seed traced on it, procedural bugs anywhere in it. */
  snapshotId?: string;
  strategies: readonly StrategyName[];
  /** New candidates at most (duplicates of stored ones do not count). */
  maxCandidates: number;
  randomSeed?: number;
  /** Only code executed by passing tests (default true; needs the snapshot's coverage map). */
  targeting?: boolean;
  /** Rank transplants by the `neighbours` port when it answers (default true); false: by identifier overlap. */
  retrieval?: boolean;
  /** Candidates per unit and strategy at most (default 1). */
  perUnit?: number;
  /** Procedural mutators (default: all but the behaviour-preserving ones). */
  mutators?: readonly MutatorName[];
}

/** What one Synthesize call did. */
export interface SynthesisSummary {
  snapshotId: string;
  made: number;
  /** Drafts dropped because the snapshot already had their normalised AST. */
  duplicates: number;
  targets: number;
  /** "coverage" when units were chosen by the coverage map, "none" otherwise. */
  targeting: "coverage" | "none";
  byStrategy: Partial<Record<StrategyName, number>>;
  /**
   * How transplant targets were ordered: by the retrieval service's seed candidates (`neighbours`),
   * by shared identifier sub-tokens (no retrieval, or the snapshot is not indexed), or a mix of
   * both over several seeds' traces. Absent when no trace was transplanted.
   */
  transplantRanking?: "retrieval" | "identifier overlap" | "mixed";
}

/** The synthesis service's core. */
export interface SynthesisCore {
  synthesize(
    request: SynthesizeRequest,
    onCandidate?: (candidate: CandidateRow) => void | Promise<void>,
  ): Promise<SynthesisSummary>;
  listCandidates(filter: {
    snapshotId?: string;
    seedId?: string;
    after?: string;
    limit: number;
  }): Promise<CandidateRow[]>;
  relayEvents(): Promise<number>;
}

/** What the synthesis core needs. */
export interface SynthesisCoreOptions {
  db: Kysely<Schema>;
  logger: Logger;
  bus?: Bus;
  /** Makes sure the snapshot has a coverage map (the validation service builds it); called when targeting finds none. */
  ensureCoverage?: (snapshotId: string) => Promise<void>;
  /**
   * Units most like a seed's buggy code, "path:qualified_name" → score (higher first), e.g. the
   * retrieval service's seed candidates (`neighbourRank`); transplants try them first. Undefined
   * (e.g. the snapshot is not indexed) falls back to shared identifier sub-tokens.
   */
  neighbours?: (seedId: string, snapshotId: string) => Promise<ReadonlyMap<string, number> | undefined>;
}

/** Builds the synthesis core. */
export function createSynthesisCore(options: SynthesisCoreOptions): SynthesisCore {
  const { db, logger } = options;
  return {
    async synthesize(request, onCandidate) {
      validateRequest(request);
      const snapshotId = await resolveSnapshot(db, request);
      const snapshot = await loadSnapshot(db, snapshotId);
      const randomSeed = request.randomSeed ?? 0;
      let coverage = request.targeting === false ? undefined : await loadCoverageInfo(db, snapshotId);
      if (request.targeting !== false && !coverage && options.ensureCoverage) {
        await options.ensureCoverage(snapshotId);
        coverage = await loadCoverageInfo(db, snapshotId);
      }
      if (request.targeting !== false && !coverage)
        logger.warn({ snapshot: snapshotId }, "no coverage map for the snapshot: targeting every unit");
      const traces = request.strategies.includes("transplant")
        ? await loadSeedTraces(db, request.seedId ? { seedId: request.seedId } : { snapshotId })
        : [];
      const seedUnits = new Set(traces.flatMap((t) => t.units.map((u) => unitKey(u.path, u.qualifiedName))));
      const targets = await loadTargets(db, snapshotId, coverage ? { coverage } : {});
      const files = await readSnapshotFiles(db, snapshot, [...new Set(targets.map((t) => t.path))]);
      const perUnit = request.perUnit ?? 1;
      const base = { randomSeed, perUnit, ...(coverage ? { coverage } : {}) };

      const sources: AsyncIterator<Draft>[] = [];
      const rankings = new Set<"retrieval" | "identifier overlap">();
      for (const strategy of request.strategies) {
        if (strategy === "procedural")
          sources.push(
            proceduralDrafts(targets, files, { ...base, mutators: request.mutators ?? DEFAULT_MUTATORS }),
          );
        if (strategy === "transplant") {
          const away = targets.filter((t) => !seedUnits.has(unitKey(t.path, t.qualifiedName)));
          for (const trace of traces) {
            const rank =
              request.retrieval === false ? undefined : await options.neighbours?.(trace.seedId, snapshotId);
            rankings.add(rank ? "retrieval" : "identifier overlap");
            sources.push(transplantDrafts(trace, away, files, { ...base, ...(rank ? { rank } : {}) }));
          }
        }
        if (strategy === "combine")
          sources.push(
            combineDrafts(db, snapshotId, (paths) => readSnapshotFiles(db, snapshot, paths), { randomSeed }),
          );
      }

      const summary: SynthesisSummary = {
        snapshotId,
        made: 0,
        duplicates: 0,
        targets: targets.length,
        targeting: coverage ? "coverage" : "none",
        byStrategy: {},
        ...(rankings.size > 0 ? { transplantRanking: rankings.size > 1 ? "mixed" : [...rankings][0] } : {}),
      };
      // Round-robin over the sources, so a small budget is shared by every strategy and trace.
      let live = sources;
      while (live.length > 0 && summary.made < request.maxCandidates) {
        const next: typeof live = [];
        for (const source of live) {
          if (summary.made >= request.maxCandidates) break;
          const step = await source.next();
          if (step.done) continue;
          next.push(source);
          const row = await insertCandidate(db, snapshotId, step.value);
          if (!row) {
            summary.duplicates++;
            continue;
          }
          summary.made++;
          summary.byStrategy[step.value.strategy] = (summary.byStrategy[step.value.strategy] ?? 0) + 1;
          await onCandidate?.(row);
        }
        live = next;
      }
      logger.info(
        { snapshot: snapshotId, made: summary.made, duplicates: summary.duplicates },
        "synthesized",
      );
      if (options.bus)
        await relayOutbox(db, options.bus).catch((error: unknown) => {
          logger.warn({ err: error }, "event relay failed; events stay in the outbox");
        });
      return summary;
    },

    async listCandidates(filter) {
      let query = db.selectFrom("candidates").selectAll().orderBy("id").limit(filter.limit);
      if (filter.snapshotId) query = query.where("snapshot_id", "=", filter.snapshotId);
      if (filter.seedId) query = query.where("seed_id", "=", filter.seedId);
      if (filter.after) query = query.where("id", ">", filter.after);
      return query.execute();
    },

    async relayEvents() {
      return options.bus ? relayOutbox(db, options.bus) : 0;
    },
  };
}

function validateRequest(request: SynthesizeRequest): void {
  if (!request.seedId === !request.snapshotId)
    throw new SynthesisError("INVALID_ARGUMENT", "give exactly one of a seed id and a snapshot id");
  if (request.strategies.length === 0) throw new SynthesisError("INVALID_ARGUMENT", "no strategy given");
  if (!Number.isInteger(request.maxCandidates) || request.maxCandidates < 1)
    throw new SynthesisError("INVALID_ARGUMENT", "max candidates must be a positive integer");
  for (const m of request.mutators ?? []) {
    if (!MUTATORS.includes(m)) throw new SynthesisError("INVALID_ARGUMENT", `unknown mutator ${m}`);
  }
}

async function resolveSnapshot(db: Kysely<Schema>, request: SynthesizeRequest): Promise<string> {
  if (request.snapshotId) return request.snapshotId;
  const seed = await db
    .selectFrom("seeds")
    .select(["snapshot_id", "status"])
    .where("instance_id", "=", request.seedId ?? "")
    .executeTakeFirst();
  if (!seed) throw new SynthesisError("NOT_FOUND", `no seed ${request.seedId}`);
  if (seed.status !== "ready" || !seed.snapshot_id)
    throw new SynthesisError("FAILED_PRECONDITION", `seed ${request.seedId} is ${seed.status}, not ready`);
  return seed.snapshot_id;
}
