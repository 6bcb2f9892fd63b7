import type { Schema } from "@tracegen/db";
import type { Kysely } from "kysely";
import { RetrievalError, RetrievalErrorCode } from "./errors.js";

/** A unit the seed's fix changed, in its buggy form. */
export interface BuggyUnit {
  path: string;
  qualifiedName: string;
  kind: string;
  /** The code before the fix: what a transplanted bug should look like. */
  before: string;
}

/** The trace as the applicability check sees it. */
export interface TraceForApplicability {
  /** Edit families of the fix (union over its changed units), e.g. "comparison_operator". */
  families: string[];
  /** The classified AST edits of the fix (`trace_units.edits` of every changed unit, in order). */
  edits: unknown[];
}

/** What a seed query needs: where the seed lives, its buggy units and its trace. */
export interface SeedQuery {
  seedId: string;
  repo: string;
  snapshotId: string;
  traceId: string;
  buggy: BuggyUnit[];
  trace: TraceForApplicability;
  /** Every unit the fix touches, as "path\nqualified_name": never a candidate of its own seed. */
  ownUnits: Set<string>;
}

/** Why a seed cannot be queried, as the retrievability report buckets it. */
export type SeedQueryProblem = "not_found" | "no_trace" | "no_buggy_unit";

/** Loads a seed's query; a problem instead when the seed has nothing to search with. */
export async function loadSeedQuery(
  db: Kysely<Schema>,
  seedId: string,
): Promise<SeedQuery | { problem: SeedQueryProblem; detail: string }> {
  const seed = await db
    .selectFrom("seeds")
    .select(["instance_id", "repo", "status", "snapshot_id"])
    .where("instance_id", "=", seedId)
    .executeTakeFirst();
  if (!seed) return { problem: "not_found", detail: `seed ${seedId} not found` };
  const trace = await db
    .selectFrom("traces")
    .select(["id", "snapshot_id"])
    .where("seed_id", "=", seedId)
    .executeTakeFirst();
  if (!trace) return { problem: "no_trace", detail: `seed ${seedId} is ${seed.status} and has no trace` };
  // Every column: the classified edits live in `edits` (added by the trace-edits migration).
  const rows = await db
    .selectFrom("trace_units")
    .selectAll()
    .where("trace_id", "=", trace.id)
    .orderBy("ordinal")
    .execute();
  const buggy = rows
    .filter((r) => r.kind !== "module" && r.change !== "added" && r.before.trim() !== "")
    .map((r) => ({ path: r.path, qualifiedName: r.qualified_name, kind: r.kind, before: r.before }));
  if (buggy.length === 0)
    return {
      problem: "no_buggy_unit",
      detail:
        rows.length === 0
          ? "the fix changes no Python unit"
          : "the fix only adds units or changes module-level code",
    };
  const families = [...new Set(rows.flatMap((r) => r.edit_families ?? []))].sort();
  return {
    seedId,
    repo: seed.repo,
    snapshotId: trace.snapshot_id,
    traceId: trace.id,
    buggy,
    trace: {
      families,
      edits: rows.flatMap((r) => {
        const edits = (r as Record<string, unknown>).edits;
        return Array.isArray(edits) ? (edits as unknown[]) : [];
      }),
    },
    ownUnits: new Set(rows.map((r) => `${r.path}\n${r.qualified_name}`)),
  };
}

/** {@link loadSeedQuery} for callers that want an error instead of a problem. */
export async function requireSeedQuery(db: Kysely<Schema>, seedId: string): Promise<SeedQuery> {
  const query = await loadSeedQuery(db, seedId);
  if (!("problem" in query)) return query;
  throw new RetrievalError(
    query.problem === "not_found" ? RetrievalErrorCode.NotFound : RetrievalErrorCode.NoQueryUnit,
    query.detail,
  );
}

/** True when a trace names no edit family the transplant could invert. */
export function isUnclassified(trace: TraceForApplicability): boolean {
  return trace.families.every((f) => f === "unclassified" || f === "");
}

const TEST_PATH = /(^|\/)(tests?|testing)\/|(^|\/)test_[^/]*\.py$|_tests?\.py$|(^|\/)conftest\.py$/;

/** Test modules, test packages and conftest files: never a place to transplant a bug into. */
export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}
