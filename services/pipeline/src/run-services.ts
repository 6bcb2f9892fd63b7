import type { ImportSeedsInput } from "@tracegen/ingest";
import type { ImportSeedsResponse } from "@tracegen/proto";
import type { StrategyName } from "@tracegen/synthesis";
import type { RetrievalUse } from "./run-retrieval.js";

/** A candidate without a verdict, as the validate stage hands it over. */
export interface PendingCandidate {
  id: string;
  snapshot_id: string;
  patch: string;
  created_at: Date;
}

/** What became of one pending candidate: its verdict's kind, or the error that left it for later. */
export type ValidationDone =
  | { candidateId: string; verdict: string }
  | { candidateId: string; error: unknown };

/** One synthesis request of the run, for one seed. */
export interface SeedSynthesis {
  seedId: string;
  snapshotId: string;
  strategies: readonly StrategyName[];
  maxCandidates: number;
  randomSeed: number;
}

/**
 * The stage work a run delegates: the cores in this process (embedded mode) or the services
 * over gRPC with validation handed off on NATS (distributed mode). Every stage keeps its state
 * in the run's database either way, which is what makes a run resumable.
 */
export interface RunServices {
  /** "embedded" or "distributed", for the logs. */
  readonly mode: string;
  /** Whether candidates are validated while synthesis goes on (distributed workers). */
  readonly overlapsValidation: boolean;
  importSeeds(input: ImportSeedsInput): Promise<ImportSeedsResponse>;
  checkSeed(seedId: string): Promise<{ outcome: string; detail: string }>;
  /**
   * New candidates for a seed. The snapshot's coverage map is built first for targeting, and
   * with transplants the snapshot is indexed for retrieval (once per run) so they are ranked
   * by the seed's retrieval candidates.
   */
  synthesize(request: SeedSynthesis): Promise<{ made: number }>;
  /**
   * Validates the candidates, reporting each as it gets its verdict (or fails). Returns when
   * every one is reported, or — distributed — when no verdict arrived for the wait limit; the
   * unreported ones are then left for the next run.
   */
  validate(
    candidates: readonly PendingCandidate[],
    done: (result: ValidationDone) => Promise<void>,
  ): Promise<void>;
  /** What retrieval did for transplants so far in this invocation. */
  retrievalUse(): RetrievalUse;
  /** A run log (the buggy run's output) by its blob address. */
  readLog(ref: string): Promise<string>;
  close(): Promise<void>;
}
