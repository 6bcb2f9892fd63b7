import { describe, expect, it } from "vitest";
import { exactSearch } from "./exact-search.js";
import { vectorFingerprint } from "./fingerprint.js";
import { near, randomUnit, seededRandom } from "./random-vectors.test-suite.js";
import { createVectorIndex } from "./vector-index.js";
import { VectorIndexErrorCode } from "./vector-index-error.js";

const D = 64;

function sample(count: number, seed = 1): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => randomUnit(random, D));
}

describe("createVectorIndex", () => {
  it("finds the nearest vectors, best first, scored by inner product", () => {
    const vectors = sample(500);
    const index = createVectorIndex({ dimensions: D, quantization: "f32" });
    index.add(
      vectors.map((_, i) => i * 10),
      vectors,
    );
    expect(index.size()).toBe(500);
    const random = seededRandom(7);
    for (const target of [0, 17, 499]) {
      const hits = index.search(near(random, vectors[target]!, 0.2), 5);
      expect(hits).toHaveLength(5);
      expect(hits[0]!.key).toBe(target * 10);
      expect(hits[0]!.score).toBeGreaterThan(0.9);
      for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
    }
    expect(index.search(vectors[3]!, 1)[0]).toEqual({ key: 30, score: expect.closeTo(1, 5) });
  });

  it("takes bigint keys and returns at most size() hits", () => {
    const vectors = sample(3);
    const index = createVectorIndex({ dimensions: D });
    index.add([5n, 6n, 9007199254740991n], vectors);
    expect(index.search(vectors[2]!, 10).map((h) => h.key)).toEqual(
      expect.arrayContaining([5, 6, 9007199254740991]),
    );
    expect(index.search(vectors[2]!, 10)).toHaveLength(3);
    expect(createVectorIndex({ dimensions: D }).search(vectors[0]!, 3)).toEqual([]);
  });

  it("keeps only keys the filter accepts, over-fetching as needed", () => {
    const vectors = sample(2000, 3);
    const index = createVectorIndex({ dimensions: D });
    index.add(
      vectors.map((_, i) => i),
      vectors,
    );
    const query = vectors[42]!;
    const accept = (key: number) => key % 97 === 0; // ~1% of keys pass
    const hits = index.search(query, 10, accept);
    expect(hits).toHaveLength(10);
    expect(hits.every((h) => accept(h.key))).toBe(true);
    const truth = exactSearch(vectors, query, 10, accept).map((h) => h.key);
    expect(hits.map((h) => h.key).filter((k) => truth.includes(k)).length).toBeGreaterThanOrEqual(9);
    expect(index.search(query, 5, () => false)).toEqual([]);
  });

  it("rejects wrong dimensions, non-unit vectors, duplicate and invalid keys", () => {
    const index = createVectorIndex({ dimensions: D });
    const [a, b] = sample(2);
    index.add([1], [a!]);
    const cases: [() => void, string][] = [
      [() => index.add([2], [new Float32Array(D + 1)]), "dimensions"],
      [() => index.add([2], [new Float32Array(D).fill(1)]), "unit length"],
      [() => index.add([1], [b!]), "already in the index"],
      [() => index.add([3, 3], [b!, b!]), "duplicate"],
      [() => index.add([-1], [b!]), "safe integer"],
      [() => index.add([2, 3], [b!]), "2 keys for 1 vectors"],
      [() => index.search(new Float32Array(3), 1), "dimensions"],
      [() => index.search(a!, 0), "positive integer"],
    ];
    for (const [run, message] of cases)
      expect(run).toThrow(
        expect.objectContaining({
          code: VectorIndexErrorCode.INVALID_ARGUMENT,
          message: expect.stringContaining(message),
        }),
      );
    expect(index.size()).toBe(1);
  });

  it("fingerprints content independently of insertion order and batching", () => {
    const vectors = sample(20);
    const keys = vectors.map((_, i) => i);
    const one = createVectorIndex({ dimensions: D });
    one.add(keys, vectors);
    const two = createVectorIndex({ dimensions: D });
    two.add(keys.slice(10).reverse(), vectors.slice(10).reverse());
    two.add(keys.slice(0, 10), vectors.slice(0, 10));
    expect(two.fingerprint()).toBe(one.fingerprint());
    expect(vectorFingerprint(keys, vectors)).toBe(one.fingerprint());
    expect(vectorFingerprint(keys.slice(1), vectors.slice(1))).not.toBe(one.fingerprint());
  });
});

describe("exactSearch", () => {
  it("returns the k best by inner product, ties to the earlier key", () => {
    const v = (...xs: number[]) => Float32Array.from(xs);
    const vectors = [v(1, 0), v(0, 1), v(0.6, 0.8), v(0, 1)];
    expect(exactSearch(vectors, v(0, 1), 3)).toEqual([
      { key: 1, score: 1 },
      { key: 3, score: 1 },
      { key: 2, score: expect.closeTo(0.8, 6) },
    ]);
    expect(exactSearch(vectors, v(1, 0), 0)).toEqual([]);
  });
});
