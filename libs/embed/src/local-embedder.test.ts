import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildCorpusStats } from "./corpus-stats.js";
import { EmbedErrorCode } from "./embed-error.js";
import { createLocalCodeEmbedder } from "./local-embedder.js";
import { dot, editedCopy, hasStdlib, stdlibFunctions } from "./stdlib-units.test-suite.js";

const SAMPLE = [
  "def add(a, b):\n    return a + b\n",
  "class Stack:\n    def push(self, item):\n        self.items.append(item)\n",
  "",
  "    def _split(self, text):\n        chunks = self.wordsep_re.split(text)\n        return [c for c in chunks if c]\n",
];

function sha256(vector: Float32Array): string {
  return createHash("sha256").update(new Uint8Array(vector.buffer)).digest("hex");
}

describe("createLocalCodeEmbedder", () => {
  it("returns one 1024-d unit vector per text, empty text included", async () => {
    const vectors = await createLocalCodeEmbedder().embed(SAMPLE);
    expect(vectors).toHaveLength(SAMPLE.length);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(1024);
      expect(dot(v, v)).toBeCloseTo(1, 5);
    }
  });

  it("is deterministic: same input, bit-identical output, across instances and calls", async () => {
    const stats = buildCorpusStats(SAMPLE);
    const a = await createLocalCodeEmbedder({ corpusStats: stats }).embed(SAMPLE);
    const embedder = createLocalCodeEmbedder({ corpusStats: buildCorpusStats(SAMPLE) });
    const b = await embedder.embed([...SAMPLE].reverse());
    expect(a.map(sha256)).toEqual(b.reverse().map(sha256));
    expect(sha256(embedder.embedOne(SAMPLE[0]!))).toBe(sha256(a[0]!));
  });

  it("pins the feature space: a change to the features must bump LOCAL_FEATURE_VERSION", () => {
    const embedder = createLocalCodeEmbedder();
    expect(embedder.name).toBe("local-code-hash-v1");
    expect(sha256(embedder.embedOne(SAMPLE[3]!))).toMatchInlineSnapshot(
      `"53abd6fb1ed7546a103a135174c75887579f82c2539bc64177b9d3a2e29aa7a3"`,
    );
  });

  it("rejects with ABORTED when the signal has fired", async () => {
    await expect(createLocalCodeEmbedder().embed(SAMPLE, AbortSignal.abort())).rejects.toMatchObject({
      code: EmbedErrorCode.ABORTED,
    });
  });

  it.skipIf(!hasStdlib)(
    "places a stdlib function nearer to its edited copy than to unrelated functions",
    async () => {
      const functions = stdlibFunctions().filter((f) => f.source.split("\n").length >= 4);
      const corpusStats = buildCorpusStats(functions.map((f) => f.source));
      const embedder = createLocalCodeEmbedder({ corpusStats });
      const vectors = await embedder.embed(functions.map((f) => f.source));
      let trials = 0;
      let nearerThanRandom = 0;
      let nearerThanAll = 0;
      functions.forEach((f, i) => {
        const edited = editedCopy(f.source);
        if (edited === undefined) return;
        trials++;
        const self = dot(vectors[i]!, embedder.embedOne(edited));
        // An unrelated function: a fixed pseudo-random pick from another module.
        let j = (i * 7919 + 13) % functions.length;
        while (functions[j]!.module === f.module) j = (j + 1) % functions.length;
        if (self > dot(vectors[i]!, vectors[j]!)) nearerThanRandom++;
        const others = vectors.filter((_, k) => k !== i && functions[k]!.source !== f.source);
        if (others.every((o) => self > dot(vectors[i]!, o))) nearerThanAll++;
      });
      console.log(
        `similarity: ${trials} edited functions; nearer than an unrelated function: ${nearerThanRandom}/${trials}; ` +
          `nearer than every other function: ${nearerThanAll}/${trials}`,
      );
      expect(trials).toBeGreaterThan(300);
      expect(nearerThanRandom / trials).toBeGreaterThanOrEqual(0.99);
      expect(nearerThanAll / trials).toBeGreaterThanOrEqual(0.8);
    },
  );
});
