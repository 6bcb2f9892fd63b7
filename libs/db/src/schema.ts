import type { ColumnType, Generated, JSONColumnType } from "kysely";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

/** A mirrored repository. */
export interface ReposTable {
  name: string;
  source: string;
  mirror_path: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** One SWE-bench seed row and ingest's status for it. */
export interface SeedsTable {
  instance_id: string;
  repo: string;
  base_commit: string;
  content_hash: string;
  /** The normalised SWE-bench row (F2P / P2P as arrays). */
  row: JSONColumnType<Record<string, unknown>>;
  status: "pending" | "ready" | "unusable";
  unusable_reason: string | null;
  unusable_detail: string | null;
  snapshot_id: string | null;
  imported_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A repository at one commit. */
export interface SnapshotsTable {
  id: string;
  repo: string;
  commit: string;
  status: "pending" | "parsed" | "failed";
  file_count: Generated<number>;
  unit_count: Generated<number>;
  file_error_count: Generated<number>;
  created_at: CreatedAt;
  parsed_at: Date | null;
}

/** Every Python file of a snapshot, with its parse outcome. */
export interface SnapshotFilesTable {
  snapshot_id: string;
  path: string;
  blob_sha: string;
  status: "parsed" | "syntax_error" | "not_utf8" | "binary" | "too_large";
  detail: string | null;
  line_count: number;
  unit_count: number;
}

/**
 * Code unit content, stored once per content hash and shared across snapshots. Module units
 * keep `source` empty: their text is the file's blob in the mirror.
 */
export interface UnitContentsTable {
  content_hash: string;
  kind: string;
  signature: string;
  docstring: string;
  source: string;
}

/** Where a unit content sits in a snapshot. */
export interface SnapshotUnitsTable {
  snapshot_id: string;
  path: string;
  qualified_name: string;
  kind: string;
  start_line: number;
  end_line: number;
  content_hash: string;
}

/** What a seed's fix did. */
export interface TracesTable {
  id: string;
  seed_id: string;
  snapshot_id: string;
  test_files: JSONColumnType<string[]>;
  created_at: CreatedAt;
}

/** A unit the seed's gold patch changes. */
export interface TraceUnitsTable {
  trace_id: string;
  ordinal: number;
  path: string;
  qualified_name: string;
  kind: string;
  change: "modified" | "added" | "removed";
  before: string;
  after: string;
  before_start_line: number;
  before_end_line: number;
  edit_families: JSONColumnType<string[]>;
  /** The classified AST edits (`EditFact`s of @tracegen/edit-families). */
  edits: ColumnType<TraceUnitEdit[], string | undefined, string>;
  /** Unified diff of the unit's source before → after the fix. */
  raw_diff: ColumnType<string, string | undefined, string>;
}

/** One classified edit of a trace unit, as stored in `trace_units.edits`. */
export interface TraceUnitEdit {
  family: string;
  before: string;
  after: string;
  line: number;
  detail: Record<string, string>;
}

/** Message ids a consumer has handled, written in the same transaction as the effect. */
export interface ProcessedMessagesTable {
  consumer: string;
  message_id: string;
  processed_at: CreatedAt;
}

/** Events written with the effect that causes them, published afterwards (transactional outbox). */
export interface OutboxTable {
  seq: Generated<string>;
  message_id: string;
  subject: string;
  payload: Uint8Array;
  created_at: CreatedAt;
  published_at: Date | null;
}

/** A repository snapshot prepared to run its tests under one profile. */
export interface EnvironmentsTable {
  id: string;
  snapshot_id: string;
  profile_hash: string;
  profile: JSONColumnType<Record<string, unknown>>;
  sandbox: string;
  image: string | null;
  status: "ready" | "failed";
  detail: string | null;
  /** Blob-store address of the preparation log (install commands), when there were any. */
  log_ref: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

/** An environment profile a user stored for a repository (version "" for every version). */
export interface ProfilesTable {
  repo: string;
  version: ColumnType<string, string | undefined, string>;
  /** The parsed profile (services/validation `EnvironmentProfile`). */
  profile: JSONColumnType<Record<string, unknown>>;
  /** The profile file's text as given. */
  source: ColumnType<string, string | undefined, string>;
  updated_at: UpdatedAt;
}

/** The clean snapshot's test outcomes (several runs), and the tests whose outcome varied. */
export interface BaselinesTable {
  environment_id: string;
  results: JSONColumnType<Record<string, string>>;
  flaky: JSONColumnType<string[]>;
  runs: number;
  duration_s: number;
  log_ref: string | null;
  created_at: CreatedAt;
}

/** Per-test line coverage of the clean snapshot, compact binary. */
export interface CoverageMapsTable {
  environment_id: string;
  map: Uint8Array;
  tests: number;
  duration_s: number;
  created_at: CreatedAt;
}

/** A candidate bug: a patch that introduces it into a snapshot. */
export interface CandidatesTable {
  id: string;
  snapshot_id: string;
  patch: string;
  strategy: string;
  mutator: ColumnType<string, string | undefined, string>;
  target_path: ColumnType<string, string | undefined, string>;
  target_unit: ColumnType<string, string | undefined, string>;
  random_seed: ColumnType<string, string | number | undefined, string | number>;
  trace_id: string | null;
  seed_id: string | null;
  /** Normalised-AST key of the buggy files: one candidate per key and snapshot (null: not deduplicated). */
  ast_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** The mutation's detail (operators, constants, guard kinds ...). */
  detail: ColumnType<Record<string, string>, string | undefined, string>;
  /** Validated candidates a combined candidate merges. */
  combined_from: ColumnType<string[], string | undefined, string>;
  created_at: CreatedAt;
}

/** The one verdict of a candidate. */
export interface VerdictsTable {
  candidate_id: string;
  environment_id: string;
  kind: "valid" | "invalid" | "error" | "timeout";
  reason: string | null;
  detail: ColumnType<string, string | undefined, string>;
  fail_to_pass: JSONColumnType<string[]>;
  pass_to_pass: JSONColumnType<string[]>;
  tests_run: number;
  /** How the tests were chosen: covered, module-level, full (no map), ... */
  selection: string;
  duration_s: number;
  log_ref: string | null;
  created_at: CreatedAt;
}

/** Whether a seed's declared F2P / P2P hold when run. */
export interface SeedChecksTable {
  seed_id: string;
  environment_id: string;
  outcome: "ok" | "mismatch" | "environment";
  detail: JSONColumnType<Record<string, unknown>>;
  log_ref: string | null;
  created_at: CreatedAt;
}

/** An embedding space: one embedder for one repository (the local embedder frozen with corpus statistics). */
export interface EmbeddingSpacesTable {
  id: string;
  repo: string;
  /** The embedder's configuration name, e.g. "local-code-hash-v1+idf" or "openai:text-embedding-3-small". */
  family: string;
  /** The id vectors of this space are stored under in `embeddings` (the family plus its statistics). */
  embedder: string;
  corpus_stats: Uint8Array | null;
  stats_snapshot_id: string | null;
  created_at: CreatedAt;
}

/** One vector per (embedder, content hash): little-endian float32 bytes, L2-normalised. */
export interface EmbeddingsTable {
  id: ColumnType<string, never, never>;
  embedder: string;
  content_hash: string;
  vector: Uint8Array;
  vector_sha: string;
  created_at: CreatedAt;
}

/** A snapshot indexed in an embedding space, with what its indexing did. */
export interface RetrievalSnapshotsTable {
  space_id: string;
  snapshot_id: string;
  units: number;
  contents: number;
  embedded: number;
  reused: number;
  parked: number;
  indexed_at: UpdatedAt;
}

/** Content hashes whose embedding was parked (provider quota, outage) and is retried by the next indexing. */
export interface ParkedEmbeddingsTable {
  embedder: string;
  content_hash: string;
  reason: string;
  parked_at: UpdatedAt;
}

/** A task instance made from a valid candidate, with its problem statement (one per candidate). */
export interface InstancesTable {
  candidate_id: string;
  /** `<owner>__<name>.<candidate id>`. */
  instance_id: string;
  snapshot_id: string;
  /** The seed whose run made it (its version and provenance go into the export). */
  seed_id: string | null;
  problem_statement: string;
  statement_source: "template" | "llm";
  statement_model: string | null;
  cost_usd: ColumnType<number, number | undefined, number>;
  prompt_tokens: ColumnType<number, number | undefined, number>;
  completion_tokens: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
}

/** A `tracegen run` (keyed by its output directory) and its time, summed over its invocations. */
export interface RunsTable {
  out_dir: string;
  run_id: string;
  started_at: CreatedAt;
  invocations: ColumnType<number, number | undefined, number>;
  wall_seconds: ColumnType<number, number | undefined, number>;
  /** Seconds per stage, summed over invocations. */
  stage_seconds: ColumnType<Record<string, number>, string | undefined, string>;
  updated_at: UpdatedAt;
}

/** The whole TraceGen schema, as kysely sees it. */
export interface Schema {
  repos: ReposTable;
  seeds: SeedsTable;
  snapshots: SnapshotsTable;
  snapshot_files: SnapshotFilesTable;
  unit_contents: UnitContentsTable;
  snapshot_units: SnapshotUnitsTable;
  traces: TracesTable;
  trace_units: TraceUnitsTable;
  processed_messages: ProcessedMessagesTable;
  outbox: OutboxTable;
  environments: EnvironmentsTable;
  baselines: BaselinesTable;
  coverage_maps: CoverageMapsTable;
  candidates: CandidatesTable;
  verdicts: VerdictsTable;
  seed_checks: SeedChecksTable;
  profiles: ProfilesTable;
  embedding_spaces: EmbeddingSpacesTable;
  embeddings: EmbeddingsTable;
  retrieval_snapshots: RetrievalSnapshotsTable;
  parked_embeddings: ParkedEmbeddingsTable;
  instances: InstancesTable;
  runs: RunsTable;
}
