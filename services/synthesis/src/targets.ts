import type { Schema } from "@tracegen/db";
import type { Kysely } from "kysely";
import { type CoverageInfo, coveringTests } from "./coverage-info.js";

/** A code unit synthesis may edit. */
export interface TargetUnit {
  path: string;
  qualifiedName: string;
  kind: "class" | "function" | "method";
  startLine: number;
  endLine: number;
  source: string;
  /** Passing, non-flaky tests executing the unit's body; -1 when targeting is off. */
  coveringTests: number;
}

/** Bounds on what is worth mutating. */
export interface TargetingOptions {
  /** Coverage of the snapshot; with it, only units a passing test executes are kept. */
  coverage?: CoverageInfo;
  /** Function / method bodies outside [minLines, maxLines] are skipped (defaults 3 and 120). */
  minLines?: number;
  maxLines?: number;
  /** Units never targeted, as "path:qualified_name" (a seed's own units for transplants). */
  exclude?: ReadonlySet<string>;
}

const TEST_PATH = /(^|\/)(tests?|testing)\/|(^|\/)test_[^/]*\.py$|_tests?\.py$|(^|\/)conftest\.py$/;

/** True for test modules, test packages and conftest files: never mutated. */
export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}

/** "path:qualified_name", the key targets and exclusions use. */
export function unitKey(path: string, qualifiedName: string): string {
  return `${path}:${qualifiedName}`;
}

/**
 * The snapshot's functions, methods and classes that synthesis may edit: no test code, bodies
 * within the size bounds, not excluded, and — with coverage — executed by at least one passing,
 * non-flaky test (a bug nobody executes cannot fail a test). Sorted by path and line.
 */
export async function loadTargets(
  db: Kysely<Schema>,
  snapshotId: string,
  options: TargetingOptions = {},
): Promise<TargetUnit[]> {
  const minLines = options.minLines ?? 3;
  const maxLines = options.maxLines ?? 120;
  const rows = await db
    .selectFrom("snapshot_units as u")
    .innerJoin("unit_contents as c", "c.content_hash", "u.content_hash")
    .select(["u.path", "u.qualified_name", "u.kind", "u.start_line", "u.end_line", "c.source"])
    .where("u.snapshot_id", "=", snapshotId)
    .where("u.kind", "in", ["class", "function", "method"])
    .orderBy("u.path")
    .orderBy("u.start_line")
    .execute();
  const targets: TargetUnit[] = [];
  for (const row of rows) {
    if (isTestPath(row.path)) continue;
    if (options.exclude?.has(unitKey(row.path, row.qualified_name))) continue;
    const lines = row.end_line - row.start_line + 1;
    // Classes hold their methods: the bound is on functions, a class may be larger.
    if (lines < minLines || lines > (row.kind === "class" ? maxLines * 4 : maxLines)) continue;
    let covering = -1;
    if (options.coverage) {
      const body: number[] = [];
      for (let line = row.start_line + 1; line <= row.end_line; line++) body.push(line);
      covering = coveringTests(options.coverage, row.path, body).length;
      if (covering === 0) continue;
    }
    targets.push({
      path: row.path,
      qualifiedName: row.qualified_name,
      kind: row.kind as TargetUnit["kind"],
      startLine: row.start_line,
      endLine: row.end_line,
      source: row.source,
      coveringTests: covering,
    });
  }
  return targets;
}
