import { setImmediate as yieldToLoop } from "node:timers/promises";
import { extractCodeFeatures } from "./code-features.js";
import type { CorpusStats } from "./corpus-stats.js";
import { EmbedError, EmbedErrorCode } from "./embed-error.js";
import { EMBEDDING_DIMENSIONS, type Embedder } from "./embedder.js";
import { CATEGORY_WEIGHTS } from "./feature-category.js";
import { FeatureTable } from "./feature-table.js";
import { bm25Idf, bucketOf, dfSlot, LOCAL_FEATURE_VERSION, signOf } from "./local-space.js";

/** Options for {@link createLocalCodeEmbedder}. */
export interface LocalCodeEmbedderOptions {
  /** Document frequencies of the corpus being embedded; without them every feature has IDF 1. */
  corpusStats?: CorpusStats;
}

/** The local embedder: the async {@link Embedder} plus a synchronous single-text form. */
export interface LocalCodeEmbedder extends Embedder {
  /** Embeds one text synchronously (same result as `embed([text])`). */
  embedOne(text: string): Float32Array;
}

/** Texts embedded between two yields to the event loop (and abort checks) in `embed`. */
const CHUNK = 256;

/**
 * A deterministic code embedder that needs no model: hashed sparse features of Python code
 * (identifier sub-tokens, keywords, operators, statement shapes, bigrams; see
 * `extractCodeFeatures`) folded into 1024 signed buckets, weighted by sub-linear tf × BM25 IDF
 * and L2-normalised. The same text and statistics give bit-identical vectors on any machine.
 */
export function createLocalCodeEmbedder(options: LocalCodeEmbedderOptions = {}): LocalCodeEmbedder {
  const stats = options.corpusStats;
  const table = new FeatureTable();
  const sums = new Float64Array(EMBEDDING_DIMENSIONS);
  const weigh = (key: number, count: number, category: number): void => {
    const idf =
      stats === undefined ? 1 : bm25Idf(stats.documentCount, stats.documentFrequencies[dfSlot(key)]!);
    sums[bucketOf(key)]! += signOf(key) * CATEGORY_WEIGHTS[category]! * (1 + Math.log(count)) * idf;
  };
  const embedOne = (text: string): Float32Array => {
    table.reset();
    sums.fill(0);
    extractCodeFeatures(text, table);
    table.forEach(weigh);
    let norm = 0;
    for (const v of sums) norm += v * v;
    const out = new Float32Array(EMBEDDING_DIMENSIONS);
    // Signed buckets can cancel to zero; fall back to one fixed coordinate so the norm is 1.
    if (norm === 0) out[0] = 1;
    else {
      const scale = 1 / Math.sqrt(norm);
      for (let i = 0; i < EMBEDDING_DIMENSIONS; i++) out[i] = sums[i]! * scale;
    }
    return out;
  };
  return {
    name: `local-code-hash-v${LOCAL_FEATURE_VERSION}${stats === undefined ? "" : "+idf"}`,
    dimensions: EMBEDDING_DIMENSIONS,
    embedOne,
    async embed(texts, signal) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i++) {
        if (i % CHUNK === 0 && i > 0) await yieldToLoop();
        if (signal?.aborted) throw new EmbedError(EmbedErrorCode.ABORTED, "embedding aborted");
        out.push(embedOne(texts[i]!));
      }
      return out;
    },
  };
}
