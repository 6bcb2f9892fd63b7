import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exactSearch } from "./exact-search.js";
import { vectorFingerprint } from "./fingerprint.js";
import { loadVectorIndex } from "./load-vector-index.js";
import { manifestPath, readVectorIndexManifest } from "./manifest.js";
import { clusteredVectors, randomUnit, seededRandom } from "./random-vectors.test-suite.js";
import { createVectorIndex, DEFAULT_INDEX_SETTINGS } from "./vector-index.js";
import { VectorIndexErrorCode } from "./vector-index-error.js";

const D = 128;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "vector-index-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function build(count: number, seed: number) {
  const vectors = clusteredVectors(seededRandom(seed), count, D, 20);
  const keys = vectors.map((_, i) => 1000 + i);
  const index = createVectorIndex({ dimensions: D });
  index.add(keys, vectors);
  return { index, keys, vectors };
}

describe("save and load", () => {
  it("gives identical results after a round trip, and a manifest describing the index", async () => {
    const { index, keys, vectors } = build(3000, 1);
    const path = join(dir, "units.usearch");
    await index.save(path);
    const manifest = await readVectorIndexManifest(path);
    expect(manifest).toMatchObject({
      dimensions: D,
      metric: "ip",
      count: 3000,
      connectivity: DEFAULT_INDEX_SETTINGS.connectivity,
    });
    expect(manifest.fingerprint).toBe(vectorFingerprint(keys, vectors));

    const loaded = await loadVectorIndex(path, { dimensions: D, expectedFingerprint: manifest.fingerprint });
    expect(loaded.size()).toBe(3000);
    expect(loaded.fingerprint()).toBe(index.fingerprint());
    const random = seededRandom(9);
    for (let q = 0; q < 50; q++) {
      const query = randomUnit(random, D);
      expect(loaded.search(query, 10)).toEqual(index.search(query, 10));
    }
    // Adding after a load continues the same fingerprint as adding before the save would have.
    const extra = randomUnit(random, D);
    loaded.add([1], [extra]);
    expect(loaded.fingerprint()).toBe(vectorFingerprint([...keys, 1], [...vectors, extra]));
  });

  it("detects a stale index: replaced file, other vectors, other dimensions", async () => {
    const path = join(dir, "units.usearch");
    const first = build(500, 1);
    await first.index.save(path);
    const manifest = await readFile(manifestPath(path));
    const second = build(600, 2);
    await second.index.save(path);
    await writeFile(manifestPath(path), manifest); // an old manifest next to a newer index file

    const stale = { code: VectorIndexErrorCode.STALE };
    await expect(loadVectorIndex(path, { dimensions: D })).rejects.toMatchObject(stale);
    await second.index.save(path);
    const wanted = vectorFingerprint(first.keys, first.vectors);
    await expect(loadVectorIndex(path, { dimensions: D, expectedFingerprint: wanted })).rejects.toMatchObject(
      stale,
    );
    await expect(loadVectorIndex(path, { dimensions: 1024 })).rejects.toMatchObject(stale);
    // The same size but different bytes is caught by the hash.
    const bytes = await readFile(path);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    await writeFile(path, bytes);
    await expect(loadVectorIndex(path, { dimensions: D })).rejects.toMatchObject(stale);
  });

  it("reports a missing index or manifest as NOT_FOUND and a damaged manifest as CORRUPT", async () => {
    const path = join(dir, "units.usearch");
    await expect(loadVectorIndex(path, { dimensions: D })).rejects.toMatchObject({
      code: VectorIndexErrorCode.NOT_FOUND,
    });
    await build(10, 3).index.save(path);
    await rm(path);
    await expect(loadVectorIndex(path, { dimensions: D })).rejects.toMatchObject({
      code: VectorIndexErrorCode.NOT_FOUND,
    });
    await writeFile(manifestPath(path), "{ not json");
    await expect(loadVectorIndex(path, { dimensions: D })).rejects.toMatchObject({
      code: VectorIndexErrorCode.CORRUPT,
    });
    await writeFile(manifestPath(path), JSON.stringify({ format: "other" }));
    await expect(loadVectorIndex(path, { dimensions: D })).rejects.toMatchObject({
      code: VectorIndexErrorCode.CORRUPT,
    });
  });
});

describe("quantization", () => {
  it("stores bf16 vectors in half the space with the same neighbours, and refuses a load with other settings", async () => {
    const random = seededRandom(5);
    const vectors = clusteredVectors(random, 2000, D, 20);
    const keys = vectors.map((_, i) => i);
    // A wide search on both, so the comparison is of the storage, not of two approximate searches.
    const f32 = createVectorIndex({ dimensions: D, quantization: "f32", expansionSearch: 256 });
    const bf16 = createVectorIndex({ dimensions: D, expansionSearch: 256 });
    f32.add(keys, vectors);
    bf16.add(keys, vectors);
    let same = 0;
    for (let q = 0; q < 50; q++) {
      const query = randomUnit(random, D);
      const a = f32.search(query, 10).map((h) => h.key);
      const b = bf16.search(query, 10);
      same += b.filter((h) => a.includes(h.key)).length;
      // Scores of bf16 vectors are good to about 3 digits.
      for (const h of b) expect(h.score).toBeCloseTo(exactSearch([vectors[h.key]!], query, 1)[0]!.score, 2);
    }
    expect(same / 500).toBeGreaterThanOrEqual(0.95);

    const [pathF32, pathBf16] = [join(dir, "f32.usearch"), join(dir, "bf16.usearch")];
    await f32.save(pathF32);
    await bf16.save(pathBf16);
    expect((await readVectorIndexManifest(pathBf16)).quantization).toBe("bf16");
    const sizes = [(await readFile(pathF32)).length, (await readFile(pathBf16)).length];
    expect(sizes[1]).toBeLessThan(sizes[0]! * 0.75);
    const loaded = await loadVectorIndex(pathBf16, {
      dimensions: D,
      quantization: "bf16",
      expansionSearch: 256,
    });
    const query = randomUnit(random, D);
    expect(loaded.search(query, 10)).toEqual(bf16.search(query, 10));
    await expect(loadVectorIndex(pathBf16, { dimensions: D, quantization: "f32" })).rejects.toMatchObject({
      code: VectorIndexErrorCode.STALE,
    });
    await expect(loadVectorIndex(pathF32, { dimensions: D, quantization: "bf16" })).rejects.toMatchObject({
      code: VectorIndexErrorCode.STALE,
    });
  });
});
