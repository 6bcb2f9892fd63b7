import { RetrievalError, RetrievalErrorCode } from "./errors.js";

/** A unit's place: which snapshot, which file, which dotted name. */
export interface UnitAddress {
  snapshotId: string;
  path: string;
  qualifiedName: string;
}

/** "<snapshot_id>:<path>:<qualified_name>", the unit id Search takes and returns. */
export function formatUnitId(unit: UnitAddress): string {
  return `${unit.snapshotId}:${unit.path}:${unit.qualifiedName}`;
}

/**
 * Reads a unit id. Snapshot ids ("owner__name@commit") and qualified names hold no colon, so
 * the first colon ends the snapshot and the last one starts the name; the path is between.
 */
export function parseUnitId(id: string): UnitAddress {
  const first = id.indexOf(":");
  const last = id.lastIndexOf(":");
  if (first <= 0 || last <= first + 1 || last === id.length - 1)
    throw new RetrievalError(
      RetrievalErrorCode.BadInput,
      `unit id "${id}" is not "<snapshot_id>:<path>:<qualified_name>"`,
    );
  return {
    snapshotId: id.slice(0, first),
    path: id.slice(first + 1, last),
    qualifiedName: id.slice(last + 1),
  };
}
