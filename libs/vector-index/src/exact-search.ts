/** One search result: the key of a vector and its inner product with the query (cosine for unit vectors). */
export interface SearchHit {
  key: number;
  score: number;
}

/**
 * Brute-force k-nearest neighbours by inner product: the ground truth for recall measurements,
 * and fast enough for small sets. Keys are positions in `vectors`; ties keep the earlier one.
 */
export function exactSearch(
  vectors: readonly Float32Array[],
  query: Float32Array,
  k: number,
  filter?: (key: number) => boolean,
): SearchHit[] {
  const top: SearchHit[] = [];
  if (!(k >= 1)) return top;
  const d = query.length;
  for (let key = 0; key < vectors.length; key++) {
    if (filter !== undefined && !filter(key)) continue;
    const v = vectors[key]!;
    let score = 0;
    for (let i = 0; i < d; i++) score += v[i]! * query[i]!;
    if (top.length === k && score <= top[k - 1]!.score) continue;
    let at = top.length === k ? k - 1 : top.length;
    while (at > 0 && top[at - 1]!.score < score) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = { key, score };
  }
  return top;
}
