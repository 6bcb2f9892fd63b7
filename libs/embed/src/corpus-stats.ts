import { extractCodeFeatures } from "./code-features.js";
import { FeatureTable } from "./feature-table.js";
import { DF_SLOT_BITS, dfSlot } from "./local-space.js";

/**
 * Document frequencies of the local embedder's features over a corpus (for instance one
 * repository snapshot's code units): how many documents contain a feature, counted per slot of
 * a 2^20-slot hashed table. They turn raw counts into BM25-style IDF weights, so boilerplate
 * (`self`, `return`, `(`) weighs less than the names that tell units apart.
 */
export interface CorpusStats {
  readonly documentCount: number;
  /** Length 2^20; entry `s` counts documents with a feature hashed to slot `s`. */
  readonly documentFrequencies: Uint32Array;
}

/** Accumulates {@link CorpusStats} one document at a time (e.g. while streaming units from a store). */
export interface CorpusStatsBuilder {
  add(text: string): void;
  finish(): CorpusStats;
}

/** Starts an empty {@link CorpusStatsBuilder}. */
export function createCorpusStatsBuilder(): CorpusStatsBuilder {
  const df = new Uint32Array(1 << DF_SLOT_BITS);
  const seenIn = new Uint32Array(1 << DF_SLOT_BITS);
  const table = new FeatureTable();
  let documentCount = 0;
  const count = (key: number): void => {
    const slot = dfSlot(key);
    if (seenIn[slot] === documentCount) return;
    seenIn[slot] = documentCount;
    df[slot]!++;
  };
  return {
    add(text) {
      table.reset();
      extractCodeFeatures(text, table);
      documentCount++;
      table.forEach(count);
    },
    finish: () => ({ documentCount, documentFrequencies: df.slice() }),
  };
}

/** Computes {@link CorpusStats} over `texts`, the same texts (or a sample of them) that will be embedded. */
export function buildCorpusStats(texts: Iterable<string>): CorpusStats {
  const builder = createCorpusStatsBuilder();
  for (const text of texts) builder.add(text);
  return builder.finish();
}
