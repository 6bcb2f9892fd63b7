import { create } from "@bufbuild/protobuf";
import { type Bus, relayOutbox } from "@tracegen/bus";
import type { Schema } from "@tracegen/db";
import type { Logger } from "@tracegen/log";
import {
  type GetSeedResponse,
  GetSeedResponseSchema,
  type GetTraceResponse,
  GetTraceResponseSchema,
  type ImportSeedsResponse,
  ImportSeedsResponseSchema,
  type ListSeedsResponse,
  ListSeedsResponseSchema,
  RowOutcome,
  SeedStatus,
  SeedsFormat,
} from "@tracegen/proto";
import { parseSeedsDocument, SeedsDocumentError } from "@tracegen/swebench";
import type { Kysely } from "kysely";
import { IngestError, IngestErrorCode } from "./errors.js";
import { type ImportProgress, importRows, type RowReport } from "./import-seeds.js";
import { checkRepoSource, type RepoSourceInput } from "./repo-sources.js";
import { upsertRepo } from "./repos.repository.js";
import { findSeeds, listSeeds } from "./seeds.repository.js";
import { findSnapshot } from "./snapshots.repository.js";
import {
  seedStatusFromProto,
  seedStatusToProto,
  seedToProto,
  snapshotToProto,
  traceToProto,
  unusableReasonToProto,
} from "./to-proto.js";
import { findTrace } from "./traces.repository.js";

/** What the ingest core needs. */
export interface IngestCoreOptions {
  db: Kysely<Schema>;
  /** Where events go; without one they wait in the outbox. */
  bus?: Bus;
  /** Directory of the bare repository mirrors. */
  mirrorsDir: string;
  logger: Logger;
  /** Resolves relative local repo sources (the CLI's working directory). */
  cwd?: string;
}

/** One import request. */
export interface ImportSeedsInput {
  content: string;
  format?: SeedsFormat;
  sourceName?: string;
  repos?: RepoSourceInput[];
  onProgress?: (progress: ImportProgress) => void;
}

/** The ingest service's core: used in-process by the CLI and behind gRPC by `serve ingest`. */
export interface IngestCore {
  importSeeds(input: ImportSeedsInput): Promise<ImportSeedsResponse>;
  getSeed(instanceId: string): Promise<GetSeedResponse>;
  listSeeds(filter: {
    repo?: string;
    status?: SeedStatus;
    pageSize?: number;
    pageToken?: string;
  }): Promise<ListSeedsResponse>;
  getTrace(seedId: string): Promise<GetTraceResponse>;
  /** Publishes events left in the outbox (after a crash, or when no bus was attached). */
  relayEvents(): Promise<number>;
}

const MAX_PAGE = 1000;

/** Builds the ingest core over a database and, optionally, a bus. */
export function createIngestCore(options: IngestCoreOptions): IngestCore {
  const { db, logger } = options;
  const cwd = options.cwd ?? process.cwd();

  const relayEvents = async () => (options.bus ? relayOutbox(db, options.bus) : 0);

  return {
    async importSeeds(input) {
      const log = logger.child({ op: "importSeeds", source: input.sourceName ?? "(inline)" });
      const repos = (input.repos ?? []).map((r) => checkRepoSource(r, cwd));
      let parsed: ReturnType<typeof parseSeedsDocument>;
      try {
        const format =
          input.format === SeedsFormat.JSON
            ? "json"
            : input.format === SeedsFormat.JSONL
              ? "jsonl"
              : undefined;
        parsed = parseSeedsDocument(input.content, format);
      } catch (error) {
        if (error instanceof SeedsDocumentError) {
          throw new IngestError(
            IngestErrorCode.BadInput,
            `${input.sourceName ?? "seeds document"}: ${error.message}`,
          );
        }
        throw error;
      }
      for (const repo of repos) await upsertRepo(db, repo.repo, repo.source);
      const ctx = {
        db,
        mirrorsDir: options.mirrorsDir,
        logger: log,
        ...(input.onProgress ? { onProgress: input.onProgress } : {}),
      };
      const reports = await importRows(ctx, parsed);
      const published = await relayEvents();
      const response = toResponse(reports, await snapshotTotals(db, reports));
      log.info({ ...summaryFields(response), published }, "import finished");
      return response;
    },

    async getSeed(instanceId) {
      const seed = (await findSeeds(db, [instanceId])).get(instanceId);
      if (!seed) throw new IngestError(IngestErrorCode.NotFound, `seed ${instanceId} not found`);
      const snapshot = seed.snapshot_id ? await findSnapshot(db, seed.snapshot_id) : undefined;
      return create(GetSeedResponseSchema, {
        seed: seedToProto(seed),
        ...(snapshot ? { snapshot: snapshotToProto(snapshot) } : {}),
      });
    },

    async listSeeds(filter) {
      const limit = Math.min(Math.max(filter.pageSize || 100, 1), MAX_PAGE);
      const after = filter.pageToken ? decodeToken(filter.pageToken) : undefined;
      const status = filter.status ? seedStatusFromProto(filter.status) : undefined;
      const rows = await listSeeds(db, {
        limit: limit + 1,
        ...(filter.repo ? { repo: filter.repo } : {}),
        ...(status ? { status } : {}),
        ...(after ? { after } : {}),
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return create(ListSeedsResponseSchema, {
        seeds: page.map(seedToProto),
        nextPageToken: rows.length > limit && last ? Buffer.from(last.instance_id).toString("base64url") : "",
      });
    },

    async getTrace(seedId) {
      const seed = (await findSeeds(db, [seedId])).get(seedId);
      if (!seed) throw new IngestError(IngestErrorCode.NotFound, `seed ${seedId} not found`);
      const trace = await findTrace(db, seedId);
      if (!trace) {
        throw new IngestError(
          IngestErrorCode.NotFound,
          `seed ${seedId} has no trace (status ${seed.status}${seed.unusable_detail ? `: ${seed.unusable_detail}` : ""})`,
        );
      }
      const f2p = (seed.row as { FAIL_TO_PASS?: string[] }).FAIL_TO_PASS ?? [];
      return create(GetTraceResponseSchema, { trace: traceToProto(trace, f2p) });
    },

    relayEvents,
  };
}

function decodeToken(token: string): string {
  const value = Buffer.from(token, "base64url").toString("utf8");
  if (value === "")
    throw new IngestError(IngestErrorCode.BadInput, "page_token is not a token this service issued");
  return value;
}

const OUTCOME = {
  created: RowOutcome.CREATED,
  unchanged: RowOutcome.UNCHANGED,
  conflict: RowOutcome.CONFLICT,
  invalid: RowOutcome.INVALID,
} as const;

/** How many snapshots the imported seeds sit on, and how many units those hold. */
async function snapshotTotals(
  db: Kysely<Schema>,
  reports: RowReport[],
): Promise<{ snapshots: number; units: number }> {
  const ids = [...new Set(reports.flatMap((r) => (r.snapshotId ? [r.snapshotId] : [])))];
  if (ids.length === 0) return { snapshots: 0, units: 0 };
  const rows = await db.selectFrom("snapshots").select("unit_count").where("id", "in", ids).execute();
  return { snapshots: rows.length, units: rows.reduce((n, r) => n + r.unit_count, 0) };
}

function toResponse(reports: RowReport[], totals: { snapshots: number; units: number }): ImportSeedsResponse {
  const count = (pred: (r: RowReport) => boolean) => reports.filter(pred).length;
  return create(ImportSeedsResponseSchema, {
    summary: {
      rows: reports.length,
      created: count((r) => r.outcome === "created"),
      unchanged: count((r) => r.outcome === "unchanged"),
      conflicts: count((r) => r.outcome === "conflict"),
      invalid: count((r) => r.outcome === "invalid"),
      ready: count((r) => r.status === "ready"),
      unusable: count((r) => r.status === "unusable"),
      ...totals,
    },
    rows: reports.map((r) => ({
      row: r.row,
      instanceId: r.instanceId,
      outcome: OUTCOME[r.outcome],
      errors: r.errors,
      status: r.status ? seedStatusToProto(r.status) : SeedStatus.UNSPECIFIED,
      unusableReason: unusableReasonToProto(r.unusableReason ?? null),
      unusableDetail: r.unusableDetail ?? "",
      storedHash: r.storedHash ?? "",
      incomingHash: r.incomingHash ?? "",
    })),
  });
}

function summaryFields(response: ImportSeedsResponse) {
  const s = response.summary;
  return s
    ? {
        rows: s.rows,
        created: s.created,
        unchanged: s.unchanged,
        conflicts: s.conflicts,
        invalid: s.invalid,
        ready: s.ready,
        unusable: s.unusable,
      }
    : {};
}
