/** Above this many table cells the alignment falls back to a greedy in-order match. */
const MAX_CELLS = 4_000_000;

/**
 * Index pairs of a longest common subsequence of two sequences, in order. Common prefixes
 * and suffixes are matched first (the usual case: a fix touches little), and a huge middle
 * is matched greedily rather than with a quadratic table.
 */
export function longestCommonSubsequence<T>(xs: readonly T[], ys: readonly T[]): [number, number][] {
  let head = 0;
  while (head < xs.length && head < ys.length && xs[head] === ys[head]) head++;
  let tail = 0;
  while (
    tail < xs.length - head &&
    tail < ys.length - head &&
    xs[xs.length - 1 - tail] === ys[ys.length - 1 - tail]
  ) {
    tail++;
  }
  const pairs: [number, number][] = [];
  for (let k = 0; k < head; k++) pairs.push([k, k]);
  const n = xs.length - head - tail;
  const m = ys.length - head - tail;
  const middle =
    n * m > MAX_CELLS
      ? greedy(xs.slice(head, head + n), ys.slice(head, head + m))
      : table(xs.slice(head, head + n), ys.slice(head, head + m));
  for (const [i, j] of middle) pairs.push([i + head, j + head]);
  for (let k = tail; k > 0; k--) pairs.push([xs.length - k, ys.length - k]);
  return pairs;
}

function table<T>(xs: readonly T[], ys: readonly T[]): [number, number][] {
  const n = xs.length;
  const m = ys.length;
  const width = m + 1;
  // lengths[i * width + j]: LCS length of xs[i..] and ys[j..].
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] =
        xs[i] === ys[j]
          ? (lengths[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lengths[(i + 1) * width + j] ?? 0, lengths[i * width + j + 1] ?? 0);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (xs[i] === ys[j]) {
      pairs.push([i++, j++]);
    } else if ((lengths[(i + 1) * width + j] ?? 0) >= (lengths[i * width + j + 1] ?? 0)) {
      i++;
    } else {
      j++;
    }
  }
  return pairs;
}

function greedy<T>(xs: readonly T[], ys: readonly T[]): [number, number][] {
  const positions = new Map<T, number[]>();
  for (const [j, y] of ys.entries()) {
    const list = positions.get(y);
    if (list) list.push(j);
    else positions.set(y, [j]);
  }
  const pairs: [number, number][] = [];
  let after = -1;
  for (const [i, x] of xs.entries()) {
    const j = positions.get(x)?.find((p) => p > after);
    if (j === undefined) continue;
    pairs.push([i, j]);
    after = j;
  }
  return pairs;
}
