import { setTimeout as sleep } from "node:timers/promises";
import { create, toBinary } from "@bufbuild/protobuf";
import type { Bus } from "@tracegen/bus";
import type { Schema } from "@tracegen/db";
import { Code, createGrpcClient, RpcError } from "@tracegen/grpc";
import type { Logger } from "@tracegen/log";
import {
  CandidateSynthesizedSchema,
  IngestService,
  RetrievalService,
  SeedsFormat,
  Strategy,
  Subjects,
  SynthesisService,
  ValidationService,
} from "@tracegen/proto";
import type { StrategyName } from "@tracegen/synthesis";
import type { Kysely } from "kysely";
import { PipelineError } from "./pipeline-error.js";
import { snapshotIndexer } from "./run-retrieval.js";
import type { PendingCandidate, RunServices, ValidationDone } from "./run-services.js";

/** Where the services of distributed mode listen, and how long the run waits for verdicts. */
export interface DistributedServicesOptions {
  /** The run's database: the services' Postgres (the source of truth the run reads its state from). */
  db: Kysely<Schema>;
  /** NATS JetStream: candidates are handed to the validation workers there. */
  bus: Bus;
  logger: Logger;
  /**
   * The services. With `retrieval`, each snapshot is indexed there (`IndexSnapshot`, once per
   * run) before its first transplants, for a synthesis service that ranks by retrieval
   * (TRACEGEN_RETRIEVAL_ADDR); without it the run indexes nothing.
   */
  addresses: { ingest: string; validation: string; synthesis: string; retrieval?: string | undefined };
  /** No new verdict for this long ends the wait; the rest is left for the next run (default 30 min). */
  waitTimeoutMs?: number;
  /** How often the database is asked for new verdicts (default 1 s). */
  pollMs?: number;
}

// Seed checks, environment builds and synthesis can take minutes on a big repository.
const LONG_CALL_MS = 60 * 60 * 1000;

const STRATEGIES: Record<StrategyName, Strategy> = {
  transplant: Strategy.TRANSPLANT,
  procedural: Strategy.PROCEDURAL,
  combine: Strategy.COMBINE,
};

/**
 * Distributed mode: ingest, gold checks, retrieval indexing and synthesis over gRPC to
 * `tracegen serve` processes; validation handed off on NATS — the synthesis service announces
 * each candidate (`tracegen.candidate.synthesized`, through its outbox) and the validation
 * workers' durable consumer takes them; this side waits for the verdicts in Postgres.
 * Candidates left without a verdict by an earlier run are announced again, so nothing is lost
 * to a worker that died after its message was given up.
 */
export function distributedServices(options: DistributedServicesOptions): RunServices {
  const ingest = createGrpcClient(IngestService, options.addresses.ingest, {
    defaultDeadlineMs: LONG_CALL_MS,
  });
  const validation = createGrpcClient(ValidationService, options.addresses.validation, {
    defaultDeadlineMs: LONG_CALL_MS,
  });
  const synthesis = createGrpcClient(SynthesisService, options.addresses.synthesis, {
    defaultDeadlineMs: LONG_CALL_MS,
  });
  const retrieval = options.addresses.retrieval
    ? createGrpcClient(RetrievalService, options.addresses.retrieval, { defaultDeadlineMs: LONG_CALL_MS })
    : undefined;
  const indexer = snapshotIndexer({
    index: retrieval
      ? async (snapshotId) => {
          const r = await retrieval.indexSnapshot({ snapshotId });
          return { units: r.units, embedded: r.embedded, reused: r.reused, parked: r.parked };
        }
      : undefined,
    logger: options.logger.child({ mode: "distributed", retrieval: options.addresses.retrieval }),
    // Nothing answers there (or its embedder is down): no point asking for every snapshot.
    unreachable: (error) =>
      error instanceof RpcError && (error.code === Code.Unavailable || error.code === Code.DeadlineExceeded),
  });
  const startedAt = new Date();
  const waitTimeoutMs = options.waitTimeoutMs ?? 30 * 60 * 1000;
  const pollMs = options.pollMs ?? 1000;
  const log = options.logger.child({ mode: "distributed" });

  return {
    mode: "distributed",
    overlapsValidation: true,
    async importSeeds(input) {
      return ingest.importSeeds({
        content: new TextEncoder().encode(input.content),
        format: input.format ?? SeedsFormat.UNSPECIFIED,
        sourceName: input.sourceName ?? "",
        repos: input.repos ?? [],
      });
    },
    async checkSeed(seedId) {
      const check = await validation.checkSeed({ seedId });
      return { outcome: check.outcome, detail: check.detail };
    },
    async synthesize(request) {
      // Coverage targeting reads the snapshot's coverage map, which the validation service builds.
      await validation.buildEnvironment({ snapshotId: request.snapshotId });
      if (request.strategies.includes("transplant"))
        await indexer.prepare(request.seedId, request.snapshotId);
      let made = 0;
      for await (const _ of synthesis.synthesize({
        target: { case: "seedId", value: request.seedId },
        strategies: request.strategies.map((s) => STRATEGIES[s]),
        maxCandidates: request.maxCandidates,
        randomSeed: BigInt(request.randomSeed),
        // Without an address the run is --no-retrieval: snapshots indexed earlier must not rank either.
        noRetrieval: options.addresses.retrieval === undefined,
      }))
        made++;
      return { made };
    },
    async validate(candidates, done) {
      await announceLeftovers(options, candidates, startedAt, log);
      const waiting = new Map(candidates.map((c) => [c.id, c]));
      let lastNews = Date.now();
      while (waiting.size > 0) {
        const verdicts = await verdictsOf(options.db, [...waiting.keys()]);
        for (const v of verdicts) {
          waiting.delete(v.candidate_id);
          await done({ candidateId: v.candidate_id, verdict: v.kind } satisfies ValidationDone);
        }
        if (verdicts.length > 0) lastNews = Date.now();
        if (waiting.size === 0) break;
        if (Date.now() - lastNews > waitTimeoutMs) {
          log.warn(
            { waiting: waiting.size, waitTimeoutMs },
            "no verdict for the wait limit; the rest is left for the next run (are validation workers running?)",
          );
          break;
        }
        await sleep(pollMs);
      }
    },
    retrievalUse: () => indexer.use(),
    async readLog(ref) {
      const response = await validation.getLog({ logRef: ref });
      return new TextDecoder().decode(response.content);
    },
    async close() {
      ingest.close();
      validation.close();
      synthesis.close();
      retrieval?.close();
    },
  };
}

/**
 * Announces again the candidates made before this run started that still have no verdict: their
 * first announcement may have been consumed by a worker that failed for good. A worker skips a
 * candidate that got its verdict meanwhile, so a second announcement costs one lookup.
 */
async function announceLeftovers(
  options: DistributedServicesOptions,
  candidates: readonly PendingCandidate[],
  startedAt: Date,
  log: Logger,
): Promise<void> {
  const leftovers = candidates.filter((c) => c.created_at < startedAt);
  for (const candidate of leftovers) {
    await options.bus.publish(
      Subjects.candidateSynthesized,
      toBinary(
        CandidateSynthesizedSchema,
        create(CandidateSynthesizedSchema, {
          candidate: { id: candidate.id, snapshotId: candidate.snapshot_id },
        }),
      ),
      { msgId: `candidate.synthesized:${candidate.id}:again:${startedAt.getTime()}` },
    );
  }
  if (leftovers.length > 0)
    log.info({ candidates: leftovers.length }, "candidates left by an earlier run announced again");
}

async function verdictsOf(
  db: Kysely<Schema>,
  ids: readonly string[],
): Promise<{ candidate_id: string; kind: string }[]> {
  const found: { candidate_id: string; kind: string }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    found.push(
      ...(await db
        .selectFrom("verdicts")
        .select(["candidate_id", "kind"])
        .where("candidate_id", "in", chunk)
        .execute()),
    );
  }
  return found;
}

/** Refuses a distributed run on a database other processes cannot share. */
export function checkSharedDatabase(target: string): void {
  if (!/^postgres(ql)?:\/\//.test(target))
    throw new PipelineError(
      "BAD_INPUT",
      "--distributed needs the services' Postgres database (--db postgres://... or TRACEGEN_DB): an embedded database cannot be shared between processes",
    );
}
