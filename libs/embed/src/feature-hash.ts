// 32-bit FNV-1a and murmur3's finaliser: stable across runs, platforms and Node versions
// (integer arithmetic only), which is what makes the local embedder bit-for-bit reproducible.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of `text[start, end)` with ASCII letters lowercased, continuing from `seed`. */
export function hashRange(text: string, start: number, end: number, seed = FNV_OFFSET): number {
  let h = seed;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  return h >>> 0;
}

/** FNV-1a of a whole string (lowercasing ASCII letters). */
export function hashString(text: string): number {
  return hashRange(text, 0, text.length);
}

/** Folds the 32-bit value `value` into the hash state `seed` (used to build feature hashes). */
export function combineHash(seed: number, value: number): number {
  return Math.imul(seed ^ value, FNV_PRIME) >>> 0;
}

/** murmur3 fmix32: spreads every input bit over the output so that bit ranges are independent. */
export function finalizeHash(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}
