/** Counts of one run's funnel: seeds in, instances out. */
export interface StageCounts {
  /** Seed rows read. */
  seeds: number;
  /** Seeds whose gold check passed (their fix makes their F2P tests pass). */
  usable: number;
  /** Usable seeds whose tests were traced. */
  traced: number;
  /** Candidate bugs made. */
  candidates: number;
  /** Candidates that got a verdict. */
  validated: number;
  /** Candidates whose verdict is valid (applies, breaks F2P tests, keeps P2P passing). */
  valid: number;
  /** Instances written to instances.jsonl (valid, deduplicated, with a statement). */
  instances: number;
}

/** Yield of one strategy or mutator. */
export interface YieldCounts {
  made: number;
  validated: number;
  valid: number;
}

/** How transplant targets were ordered: retrieval's seed candidates, shared identifier sub-tokens, or both. */
export type TransplantRanking = "retrieval" | "identifier overlap" | "mixed";

/** Retrieval for a run's transplants. */
export interface RunRetrieval {
  /** Whether the run indexes snapshots for retrieval (false with `--no-retrieval`). */
  enabled: boolean;
  /**
   * What indexing did in the last invocation: snapshots indexed (each once, before its first
   * seed's transplants) and their units' content hashes embedded now, reused (a vector
   * existed: embedding is once per content hash) and parked (the embedder refused them for now).
   */
  indexed: { snapshots: number; units: number; embedded: number; reused: number; parked: number };
  /** Seeds whose transplants fell back to identifier overlap in the last invocation although retrieval was on, and why. */
  fallbacks: Record<string, string>;
  /** Per seed with transplants, how their targets were ordered (from the stored candidates, so over every invocation). */
  transplantRanking: Record<string, TransplantRanking>;
}

/** What a run did, for `summary.json` and `report.html`. */
export interface RunSummary {
  /** Bumped when a field changes meaning. */
  schemaVersion: 1;
  runId: string;
  /** `owner/name` of every repository in the run. */
  repos: string[];
  /** ISO 8601. */
  startedAt: string;
  finishedAt: string;
  wallSeconds: number;
  counts: StageCounts;
  /** By strategy name (`procedural`, `llm-rewrite`, ...). */
  perStrategy: Record<string, YieldCounts>;
  /** By mutator name (`flip-comparison`, ...). */
  perMutator: Record<string, YieldCounts>;
  /** Why candidates or seeds did not make it, bucketed: `{ "no_f2p": 12, "p2p_broken": 3 }`. */
  failureReasons: Record<string, number>;
  /** Seconds spent in each stage (summed over workers, so it can exceed the wall time). */
  stageSeconds: Record<string, number>;
  cost: { llmUsd: number; tokens: { prompt: number; completion: number } };
  /** How the instances' statements were written. */
  statements?: { template: number; llm: number };
  /** Retrieval for the transplants (absent from summaries of runs that did not report it). */
  retrieval?: RunRetrieval;
}

/** A summary with every count at zero, to fill in as a run goes. */
export function emptyRunSummary(fields: { runId: string; repos: string[]; startedAt: string }): RunSummary {
  return {
    schemaVersion: 1,
    ...fields,
    finishedAt: fields.startedAt,
    wallSeconds: 0,
    counts: { seeds: 0, usable: 0, traced: 0, candidates: 0, validated: 0, valid: 0, instances: 0 },
    perStrategy: {},
    perMutator: {},
    failureReasons: {},
    stageSeconds: {},
    cost: { llmUsd: 0, tokens: { prompt: 0, completion: 0 } },
  };
}

/** Valid candidates as a share of the validated ones, 0..1 (0 when none was validated). */
export function validShare(counts: Pick<YieldCounts, "validated" | "valid">): number {
  return counts.validated > 0 ? counts.valid / counts.validated : 0;
}
