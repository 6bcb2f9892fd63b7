/** A seeded PRNG (mulberry32): the same seed gives the same test data everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample (Box–Muller). */
export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** `v` scaled to unit length, in place. */
export function normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < v.length; i++) v[i]! *= scale;
  return v;
}

/** A random unit vector. */
export function randomUnit(random: () => number, dimensions: number): Float32Array {
  return normalize(Float32Array.from({ length: dimensions }, () => gaussian(random)));
}

/** A unit vector near `centre`: centre plus Gaussian noise of total norm ≈ `spread`, normalised. */
export function near(random: () => number, centre: Float32Array, spread: number): Float32Array {
  const sigma = spread / Math.sqrt(centre.length);
  return normalize(centre.map((x) => x + sigma * gaussian(random)));
}

/** `count` unit vectors in `clusters` clusters (like embeddings of code: dense groups, not uniform). */
export function clusteredVectors(
  random: () => number,
  count: number,
  dimensions: number,
  clusters: number,
): Float32Array[] {
  const centres = Array.from({ length: clusters }, () => randomUnit(random, dimensions));
  return Array.from({ length: count }, () => near(random, centres[Math.floor(random() * clusters)]!, 1));
}
