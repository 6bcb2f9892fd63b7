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
}
