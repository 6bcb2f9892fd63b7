import { describe, expect, it } from "vitest";
import { exactSearch } from "./exact-search.js";
import { clusteredVectors, near, seededRandom } from "./random-vectors.test-suite.js";
import { createVectorIndex } from "./vector-index.js";

describe("recall", () => {
  it("finds ≥ 98% of the exact top 10 on 20k clustered 1024-d vectors", () => {
    const random = seededRandom(2024);
    const vectors = clusteredVectors(random, 20_000, 1024, 200);
    // Lighter settings than the defaults keep this test fast; clustered data needs no more.
    const index = createVectorIndex({
      dimensions: 1024,
      connectivity: 16,
      expansionAdd: 64,
      expansionSearch: 128,
    });
    let started = performance.now();
    index.add(
      vectors.map((_, i) => i),
      vectors,
    );
    const buildMs = performance.now() - started;
    const queries = Array.from({ length: 100 }, () =>
      near(random, vectors[Math.floor(random() * vectors.length)]!, 0.8),
    );
    let found = 0;
    let searchMs = 0;
    for (const query of queries) {
      started = performance.now();
      const hits = index.search(query, 10);
      searchMs += performance.now() - started;
      const truth = new Set(exactSearch(vectors, query, 10).map((h) => h.key));
      found += hits.filter((h) => truth.has(h.key)).length;
    }
    const recall = found / (queries.length * 10);
    console.log(
      `recall@10 ${recall.toFixed(4)} on 20k × 1024-d (build ${(buildMs / 1000).toFixed(1)} s, ` +
        `${(searchMs / queries.length).toFixed(2)} ms/query)`,
    );
    expect(recall).toBeGreaterThanOrEqual(0.98);
  }, 180_000);
});
