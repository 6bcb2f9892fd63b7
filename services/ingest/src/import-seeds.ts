import { create, toBinary } from "@bufbuild/protobuf";
import { enqueueEvent } from "@tracegen/bus";
import type { Schema } from "@tracegen/db";
import {
  applyPatchToTree,
  ensureMirror,
  GitError,
  type Mirror,
  parsePatch,
  resolveCommit,
} from "@tracegen/git";
import type { Logger } from "@tracegen/log";
import {
  SeedIngestedSchema,
  SeedStatus,
  Subjects,
  type TraceExtracted,
  TraceExtractedSchema,
} from "@tracegen/proto";
import { type ParsedRow, type SeedRow, seedContentHash } from "@tracegen/swebench";
import type { Kysely } from "kysely";
import { snapshotId, traceId } from "./ids.js";
import { findRepoSources, setMirrorPath } from "./repos.repository.js";
import {
  findSeeds,
  insertPendingSeed,
  markSeedReady,
  markSeedUnusable,
  type StoredSeed,
  type UnusableReasonName,
} from "./seeds.repository.js";
import { ensureSnapshot } from "./snapshot-ingest.js";
import { editFamilyToProto, unusableReasonToProto } from "./to-proto.js";
import { extractTraceFacts } from "./trace-facts.js";
import { saveTrace } from "./traces.repository.js";

/** What happened to one row of an import. */
export interface RowReport {
  row: number;
  instanceId: string;
  outcome: "created" | "unchanged" | "conflict" | "invalid";
  errors: { field: string; message: string }[];
  status?: StoredSeed["status"];
  unusableReason?: string;
  unusableDetail?: string;
  storedHash?: string;
  incomingHash?: string;
  snapshotId?: string;
}

/** Progress of an import, for bars and logs. */
export type ImportProgress =
  | { phase: "rows"; done: number; total: number }
  | { phase: "seeds"; done: number; total: number; seedId: string }
  | { phase: "snapshot"; snapshotId: string; done: number; total: number };

/** Dependencies of one import. */
export interface ImportContext {
  db: Kysely<Schema>;
  mirrorsDir: string;
  logger: Logger;
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * Stores the rows (new ones as pending), then brings every non-ready seed of the document to
 * ready or unusable. Each seed's outcome, trace and events (seed.ingested, and trace.extracted
 * for a ready seed) commit in one transaction, so an
 * import killed at any point and run again ends in the same state, with each seed once.
 */
export async function importRows(ctx: ImportContext, parsed: ParsedRow[]): Promise<RowReport[]> {
  const reports = await storeRows(ctx, parsed);
  const ids = [...new Set(reports.filter((r) => r.outcome !== "invalid").map((r) => r.instanceId))];
  const stored = await findSeeds(ctx.db, ids);
  const work = [...stored.values()].filter((s) => s.status !== "ready");
  await processSeeds(ctx, work);
  const final = await findSeeds(ctx.db, ids);
  for (const report of reports) {
    const seed = final.get(report.instanceId);
    if (!seed || report.outcome === "invalid") continue;
    report.status = seed.status;
    if (seed.unusable_reason) report.unusableReason = seed.unusable_reason;
    if (seed.unusable_detail) report.unusableDetail = seed.unusable_detail;
    if (seed.snapshot_id) report.snapshotId = seed.snapshot_id;
  }
  return reports;
}

async function storeRows(ctx: ImportContext, parsed: ParsedRow[]): Promise<RowReport[]> {
  const ids = parsed.flatMap((p) => (p.ok ? [p.seed.instance_id] : []));
  const stored = await findSeeds(ctx.db, ids);
  const hashes = new Map([...stored.values()].map((s) => [s.instance_id, s.content_hash]));
  const reports: RowReport[] = [];
  for (const [i, p] of parsed.entries()) {
    if (!p.ok) {
      reports.push({ row: p.row, instanceId: p.instanceId ?? "", outcome: "invalid", errors: p.errors });
    } else {
      const incoming = seedContentHash(p.seed);
      const storedHash = hashes.get(p.seed.instance_id);
      if (storedHash === undefined) {
        await insertPendingSeed(ctx.db, p.seed, incoming);
        hashes.set(p.seed.instance_id, incoming);
        reports.push({ row: p.row, instanceId: p.seed.instance_id, outcome: "created", errors: [] });
      } else if (storedHash === incoming) {
        reports.push({ row: p.row, instanceId: p.seed.instance_id, outcome: "unchanged", errors: [] });
      } else {
        reports.push({
          row: p.row,
          instanceId: p.seed.instance_id,
          outcome: "conflict",
          errors: [
            {
              field: "(row)",
              message: "a different row is stored under this instance_id; the stored row is kept",
            },
          ],
          storedHash,
          incomingHash: incoming,
        });
      }
    }
    ctx.onProgress?.({ phase: "rows", done: i + 1, total: parsed.length });
  }
  return reports;
}

async function processSeeds(ctx: ImportContext, seeds: StoredSeed[]): Promise<void> {
  const sources = await findRepoSources(ctx.db, [...new Set(seeds.map((s) => s.repo))]);
  const mirrors = new Map<string, Mirror | { error: UnusableReasonName; detail: string }>();
  let done = 0;
  for (const seed of seeds) {
    let mirror = mirrors.get(seed.repo);
    if (!mirror) {
      mirror = await mirrorRepo(ctx, seed.repo, sources.get(seed.repo));
      mirrors.set(seed.repo, mirror);
    }
    const log = ctx.logger.child({ seedId: seed.instance_id, repo: seed.repo });
    if ("error" in mirror) {
      await finish(ctx, seed, { unusable: mirror.error, detail: mirror.detail });
    } else {
      await finish(ctx, seed, await ingestSeed(ctx, mirror, seed.row as unknown as SeedRow));
    }
    log.debug("seed processed");
    ctx.onProgress?.({ phase: "seeds", done: ++done, total: seeds.length, seedId: seed.instance_id });
  }
}

async function mirrorRepo(
  ctx: ImportContext,
  repo: string,
  source: string | undefined,
): Promise<Mirror | { error: UnusableReasonName; detail: string }> {
  if (source === undefined) {
    return {
      error: "unknown_repo",
      detail: `no source for repository ${repo}: pass --repo ${repo}=<git URL or path>`,
    };
  }
  try {
    const mirror = await ensureMirror({ repo, source, mirrorsDir: ctx.mirrorsDir });
    await setMirrorPath(ctx.db, repo, mirror.path);
    return mirror;
  } catch (error) {
    ctx.logger.warn({ repo, err: error }, "mirror failed");
    return {
      error: "mirror_failed",
      detail: `mirroring ${repo} from ${source} failed: ${(error as Error).message}`,
    };
  }
}

type SeedOutcome =
  | { unusable: UnusableReasonName; detail: string; snapshotId?: string }
  | { snapshotId: string; facts: Awaited<ReturnType<typeof extractTraceFacts>> };

async function ingestSeed(ctx: ImportContext, mirror: Mirror, seed: SeedRow): Promise<SeedOutcome> {
  const commit = await resolveCommit(mirror, seed.base_commit);
  if (commit === null) {
    return {
      unusable: "commit_missing",
      detail: `base_commit ${seed.base_commit} is not in the history of ${seed.repo}`,
    };
  }
  const unsupported =
    unsupportedChange(seed.patch, "patch") ?? unsupportedChange(seed.test_patch, "test_patch");
  if (unsupported) return { unusable: "unsupported_patch", detail: unsupported };
  const applies = await patchApplies(mirror, commit, seed.patch);
  if (applies !== true)
    return {
      unusable: "patch_does_not_apply",
      detail: `the gold patch does not apply at ${commit}: ${applies}`,
    };
  if (seed.test_patch.trim() !== "") {
    const testApplies = await patchApplies(mirror, commit, seed.test_patch);
    if (testApplies !== true) {
      return {
        unusable: "test_patch_does_not_apply",
        detail: `the test patch does not apply at ${commit}: ${testApplies}`,
      };
    }
  }
  const snapshot = await ensureSnapshot(ctx.db, mirror, commit, (done, total) =>
    ctx.onProgress?.({ phase: "snapshot", snapshotId: snapshotId(mirror.repo, commit), done, total }),
  );
  const facts = await extractTraceFacts(mirror, commit, seed.patch, seed.test_patch);
  return { snapshotId: snapshot.id, facts };
}

/** Binary changes and paths that leave the repository are refused before anything is applied. */
function unsupportedChange(patch: string, field: string): string | undefined {
  if (patch.trim() === "") return undefined;
  let files: ReturnType<typeof parsePatch>;
  try {
    files = parsePatch(patch);
  } catch (error) {
    return `${field} is not a readable diff: ${(error as Error).message}`;
  }
  for (const file of files) {
    const path = file.newPath ?? file.oldPath ?? "";
    if (file.binary) return `${field} changes a binary file (${path}); binary changes are not supported`;
    for (const p of [file.oldPath, file.newPath]) {
      if (p && (p.startsWith("/") || p.split("/").includes("..")))
        return `${field} has a path outside the repository: ${p}`;
    }
  }
  return undefined;
}

async function patchApplies(mirror: Mirror, commit: string, patch: string): Promise<true | string> {
  try {
    await applyPatchToTree(mirror, commit, patch);
    return true;
  } catch (error) {
    if (error instanceof GitError) return error.message;
    throw error;
  }
}

async function finish(ctx: ImportContext, seed: StoredSeed, outcome: SeedOutcome): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    let event: Parameters<typeof create<typeof SeedIngestedSchema>>[1];
    let extracted: TraceExtracted | undefined;
    if ("unusable" in outcome) {
      await markSeedUnusable(
        trx,
        seed.instance_id,
        outcome.unusable,
        outcome.detail,
        outcome.snapshotId ?? null,
      );
      event = {
        seedId: seed.instance_id,
        repo: seed.repo,
        status: SeedStatus.UNUSABLE,
        unusableReason: unusableReasonToProto(outcome.unusable),
      };
    } else {
      const trace = {
        id: traceId(seed.instance_id),
        seedId: seed.instance_id,
        snapshotId: outcome.snapshotId,
        testFiles: outcome.facts.testFiles,
        changes: outcome.facts.changedUnits,
      };
      await saveTrace(trx, trace);
      const families = [...new Set(trace.changes.flatMap((c) => c.classification.families))];
      extracted = create(TraceExtractedSchema, {
        traceId: trace.id,
        seedId: trace.seedId,
        snapshotId: trace.snapshotId,
        editFamilies: families.map(editFamilyToProto),
      });
      await markSeedReady(trx, seed.instance_id, outcome.snapshotId);
      event = {
        seedId: seed.instance_id,
        repo: seed.repo,
        snapshotId: outcome.snapshotId,
        status: SeedStatus.READY,
        changedUnitCount: outcome.facts.changedUnits.length,
      };
    }
    await enqueueEvent(trx, {
      subject: Subjects.seedIngested,
      // One event per seed content and outcome: a re-run after a crash republishes the same id, which the bus drops.
      msgId: `seed.ingested:${seed.instance_id}:${seed.content_hash.slice(0, 16)}:${event.status}`,
      data: toBinary(SeedIngestedSchema, create(SeedIngestedSchema, event)),
    });
    if (extracted) {
      await enqueueEvent(trx, {
        subject: Subjects.traceExtracted,
        // Same seed content, same trace: a re-run after a crash republishes the same id.
        msgId: `trace.extracted:${seed.instance_id}:${seed.content_hash.slice(0, 16)}`,
        data: toBinary(TraceExtractedSchema, extracted),
      });
    }
  });
}
