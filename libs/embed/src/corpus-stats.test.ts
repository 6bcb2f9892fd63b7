import { describe, expect, it } from "vitest";
import { buildCorpusStats, createCorpusStatsBuilder } from "./corpus-stats.js";
import { deserializeCorpusStats, serializeCorpusStats } from "./corpus-stats-bytes.js";
import { EmbedErrorCode } from "./embed-error.js";
import { createLocalCodeEmbedder } from "./local-embedder.js";
import { hasStdlib, stdlibFunctions } from "./stdlib-units.test-suite.js";

const TEXTS = [
  "def f(x):\n    return x + 1\n",
  "def g(self):\n    return self.x\n",
  "def h(items):\n    for item in items:\n        print(item)\n",
];

describe("corpus statistics", () => {
  it("counts each feature once per document", () => {
    const stats = buildCorpusStats(TEXTS);
    expect(stats.documentCount).toBe(3);
    const max = stats.documentFrequencies.reduce((a, b) => Math.max(a, b), 0);
    expect(max).toBe(3); // `def`, `return`/`(`... appear in every text, none more than once per text
  });

  it("builds the same statistics incrementally", () => {
    const builder = createCorpusStatsBuilder();
    for (const text of TEXTS) builder.add(text);
    const incremental = builder.finish();
    const whole = buildCorpusStats(TEXTS);
    expect(incremental.documentCount).toBe(whole.documentCount);
    expect(
      Buffer.from(incremental.documentFrequencies.buffer).equals(
        Buffer.from(whole.documentFrequencies.buffer),
      ),
    ).toBe(true);
  });

  it.skipIf(!hasStdlib)("round-trips through bytes and embeds identically", () => {
    const texts = stdlibFunctions().map((f) => f.source);
    const stats = buildCorpusStats(texts);
    const bytes = serializeCorpusStats(stats);
    const restored = deserializeCorpusStats(bytes);
    expect(restored.documentCount).toBe(stats.documentCount);
    expect(
      Buffer.from(restored.documentFrequencies.buffer).equals(Buffer.from(stats.documentFrequencies.buffer)),
    ).toBe(true);
    const before = createLocalCodeEmbedder({ corpusStats: stats }).embedOne(texts[0]!);
    const after = createLocalCodeEmbedder({ corpusStats: restored }).embedOne(texts[0]!);
    expect(after).toEqual(before);
    console.log(`corpus stats: ${texts.length} documents in ${bytes.byteLength} bytes`);
  });

  it("rejects foreign, truncated and trailing bytes", () => {
    const bytes = serializeCorpusStats(buildCorpusStats(TEXTS));
    const attempts = [new Uint8Array(10), bytes.slice(0, bytes.length - 1), new Uint8Array([...bytes, 0])];
    const wrongVersion = bytes.slice();
    wrongVersion[8] = 99;
    attempts.push(wrongVersion);
    for (const attempt of attempts)
      expect(() => deserializeCorpusStats(attempt)).toThrow(
        expect.objectContaining({ code: EmbedErrorCode.INVALID_ARGUMENT }),
      );
  });
});
