import type { CatalogueRow } from "./embeddings.repository.js";

/** Which index key stands for each content hash, and what the index must gain or lose. */
export interface KeyAssignment {
  keyOfHash: Map<string, number>;
  /** Keys to add: vectors not in the index yet. */
  added: number[];
  /** Keys in the index that no current embedding stands behind (the index must be rebuilt). */
  orphans: number;
}

/**
 * Equal vectors share one index entry, so ties never crowd the top k. Each group of equal
 * vectors (same sha) keeps the key the index already has for it, else takes its smallest id.
 */
export function assignKeys(rows: readonly CatalogueRow[], inIndex: ReadonlySet<number>): KeyAssignment {
  const groups = new Map<string, CatalogueRow[]>();
  for (const row of rows) {
    const group = groups.get(row.vectorSha);
    if (group) group.push(row);
    else groups.set(row.vectorSha, [row]);
  }
  const keyOfHash = new Map<string, number>();
  const added: number[] = [];
  let kept = 0;
  for (const group of groups.values()) {
    let key = group.find((r) => inIndex.has(r.id))?.id;
    if (key === undefined) {
      key = group.reduce((min, r) => Math.min(min, r.id), Number.POSITIVE_INFINITY);
      added.push(key);
    } else kept++;
    for (const row of group) keyOfHash.set(row.contentHash, key);
  }
  return { keyOfHash, added: added.sort((a, b) => a - b), orphans: inIndex.size - kept };
}
