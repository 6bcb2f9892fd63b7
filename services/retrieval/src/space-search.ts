import type { SpaceIndex, UnitRecord } from "./space-index.js";

/** A unit found by a vector query, with the cosine of its vector and the query. */
export interface UnitHit {
  unit: UnitRecord;
  score: number;
}

/**
 * The `k` best units of one space for a query vector, among units `accept` takes. The index
 * holds one vector per distinct vector; a key stands for every unit with that vector. Without a
 * snapshot restriction the same unit (path, name and content) repeats in every snapshot that
 * has it: it is reported once, from the snapshot indexed last.
 */
export function searchSpace(
  state: SpaceIndex,
  query: Float32Array,
  k: number,
  accept: ((unit: UnitRecord) => boolean) | undefined,
): UnitHit[] {
  // Every accepted key yields at least one unit, so k keys give k units.
  const keys =
    accept === undefined
      ? state.index.search(query, k)
      : state.index.search(query, k, (key) => state.unitsOfKey.get(key)?.some(accept) === true);
  const hits: UnitHit[] = [];
  for (const { key, score } of keys) {
    const all = state.unitsOfKey.get(key) ?? [];
    // Most keys stand for one unit: nothing to pick or order.
    if (all.length === 1) {
      const unit = all[0]!;
      if (accept !== undefined && !accept(unit)) continue;
      hits.push({ unit, score });
      if (hits.length === k) return hits;
      continue;
    }
    const newest = new Map<string, UnitRecord>();
    for (const unit of all) {
      if (accept !== undefined && !accept(unit)) continue;
      const place = `${unit.path}\n${unit.qualifiedName}\n${unit.contentHash}`;
      const seen = newest.get(place);
      if (seen === undefined || rank(state, unit) > rank(state, seen)) newest.set(place, unit);
    }
    const units = [...newest.values()].sort(
      (a, b) => a.path.localeCompare(b.path) || a.startLine - b.startLine,
    );
    for (const unit of units) {
      hits.push({ unit, score });
      if (hits.length === k) return hits;
    }
  }
  return hits;
}

function rank(state: SpaceIndex, unit: UnitRecord): number {
  return state.snapshotRank.get(unit.snapshotId) ?? -1;
}
