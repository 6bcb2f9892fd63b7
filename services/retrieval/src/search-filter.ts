import type { SnapshotCoverage } from "./coverage.js";
import type { UnitRecord } from "./space-index.js";
import { formatUnitId } from "./unit-id.js";

/** Narrows a search; every field optional. */
export interface SearchFilter {
  repo?: string;
  snapshotId?: string;
  /** "class", "function", "method". */
  kinds?: readonly string[];
  /** Only units a passing, non-flaky test executes (needs the snapshot's coverage map). */
  coveredOnly?: boolean;
  /** Exact paths, or directory prefixes ending in "/". */
  excludePaths?: readonly string[];
  /** Unit ids ("<snapshot_id>:<path>:<qualified_name>"). */
  excludeUnits?: readonly string[];
}

/**
 * The filter as a predicate over units, or undefined when it narrows nothing (the index is then
 * searched without a filter, which is faster). `coverage` must hold every snapshot the predicate
 * may see when `coveredOnly` is set (a snapshot without a map covers nothing).
 */
export function unitPredicate(
  filter: SearchFilter,
  coverage: ReadonlyMap<string, SnapshotCoverage | undefined>,
  extra?: (unit: UnitRecord) => boolean,
): ((unit: UnitRecord) => boolean) | undefined {
  const narrows =
    Boolean(filter.snapshotId) ||
    (filter.kinds?.length ?? 0) > 0 ||
    Boolean(filter.coveredOnly) ||
    (filter.excludePaths?.length ?? 0) > 0 ||
    (filter.excludeUnits?.length ?? 0) > 0 ||
    extra !== undefined;
  if (!narrows) return undefined;
  const kinds = filter.kinds && filter.kinds.length > 0 ? new Set(filter.kinds) : undefined;
  const paths = new Set(filter.excludePaths?.filter((p) => !p.endsWith("/")));
  const prefixes = filter.excludePaths?.filter((p) => p.endsWith("/")) ?? [];
  const units = new Set(filter.excludeUnits);
  return (unit) =>
    (filter.snapshotId === undefined || filter.snapshotId === "" || unit.snapshotId === filter.snapshotId) &&
    (kinds === undefined || kinds.has(unit.kind)) &&
    !paths.has(unit.path) &&
    !prefixes.some((p) => unit.path.startsWith(p)) &&
    (units.size === 0 || !units.has(formatUnitId(unit))) &&
    (!filter.coveredOnly || coverage.get(unit.snapshotId)?.covers(unit) === true) &&
    (extra === undefined || extra(unit));
}
