import { randomBytes } from "node:crypto";
import { rename, rm } from "node:fs/promises";
import type { SearchHit } from "./exact-search.js";
import { ContentFingerprint } from "./fingerprint.js";
import { hashFile, writeManifest } from "./manifest.js";
import { addVectors, searchNative } from "./native-calls.js";
import { type NativeIndex, USEARCH_VERSION, usearch } from "./usearch-binding.js";
import { VectorIndexError, VectorIndexErrorCode } from "./vector-index-error.js";

/**
 * An approximate nearest-neighbour index (HNSW, usearch) over unit vectors, scored by inner
 * product (= cosine). Keys are non-negative safe integers, unique within the index.
 */
export interface VectorIndex {
  readonly dimensions: number;
  /**
   * Adds vectors under keys (one multi-threaded native insert); throws INVALID_ARGUMENT on a wrong
   * length, a non-unit vector or a duplicate key, before anything is added. After an INTERNAL
   * error the index is in an unknown state: discard it.
   */
  add(keys: bigint[] | number[], vectors: Float32Array[]): void;
  /**
   * The k best hits, best first; with `filter`, only keys it accepts (found by over-fetching
   * k × 4, × 16, ... until k pass or the whole index was asked).
   */
  search(query: Float32Array, k: number, filter?: (key: number) => boolean): SearchHit[];
  size(): number;
  /** The content fingerprint of everything added (see `vectorFingerprint`). */
  fingerprint(): string;
  /** Writes the index to `path` and its manifest next to it, each atomically. */
  save(path: string): Promise<void>;
}

/** Options for {@link createVectorIndex} and {@link loadVectorIndex}. */
export interface VectorIndexOptions {
  dimensions: number;
  /** HNSW graph degree (M); default 14. Fixed when the index is built. */
  connectivity?: number;
  /** Candidate list size while inserting (efConstruction); default 128. Fixed when the index is built. */
  expansionAdd?: number;
  /** Candidate list size while searching (ef); default 64; may differ between save and load. */
  expansionSearch?: number;
  /**
   * How vectors are stored and compared: "bf16" (default: half f32's memory and distance work,
   * scores good to about 3 digits), "f32", "f16" or "i8". Fixed when the index is built.
   */
  quantization?: Quantization;
}

/** Storage and comparison precision of an index's vectors. */
export type Quantization = "f32" | "bf16" | "f16" | "i8";

/**
 * The settings an index gets when the options leave them out, chosen on 63,651 distinct
 * local-embedder vectors of real Python code (`pnpm bench:retrieval`, docs/retrieval.md): bf16
 * storage halves what every distance reads and finds the same neighbours (re-ranking bf16
 * candidates exactly in f32 gained < 0.003 recall@10); M 14 / ef_construction 128 build in
 * ~31 CPU s at load ~3 (both cores add; M 16: ~44 CPU s for the same recall, M 12: 0.003
 * less); ef 64 finds 0.99 of the exact top 10 in ~0.26 ms (ef 128: +0.001 at twice the time).
 */
export const DEFAULT_INDEX_SETTINGS = {
  connectivity: 14,
  expansionAdd: 128,
  expansionSearch: 64,
  quantization: "bf16",
} as const satisfies Required<Omit<VectorIndexOptions, "dimensions">>;

const SCALAR_KINDS = { f32: "F32", bf16: "BF16", f16: "F16", i8: "I8" } as const;

/** Creates a usearch index with the options' settings (defaults filled in). */
export function createNativeIndex(options: VectorIndexOptions): NativeIndex {
  if (!Number.isInteger(options.dimensions) || options.dimensions < 1)
    throw new VectorIndexError(VectorIndexErrorCode.INVALID_ARGUMENT, `bad dimensions ${options.dimensions}`);
  const quantization = options.quantization ?? DEFAULT_INDEX_SETTINGS.quantization;
  if (!(quantization in SCALAR_KINDS))
    throw new VectorIndexError(VectorIndexErrorCode.INVALID_ARGUMENT, `bad quantization ${quantization}`);
  return new usearch.Index({
    dimensions: options.dimensions,
    metric: usearch.MetricKind.IP,
    quantization: usearch.ScalarKind[SCALAR_KINDS[quantization]],
    connectivity: options.connectivity ?? DEFAULT_INDEX_SETTINGS.connectivity,
    expansion_add: options.expansionAdd ?? DEFAULT_INDEX_SETTINGS.expansionAdd,
    expansion_search: options.expansionSearch ?? DEFAULT_INDEX_SETTINGS.expansionSearch,
    multi: false,
  });
}

/** Creates an empty {@link VectorIndex}. */
export function createVectorIndex(options: VectorIndexOptions): VectorIndex {
  return wrapNativeIndex(
    createNativeIndex(options),
    new ContentFingerprint(),
    options.quantization ?? DEFAULT_INDEX_SETTINGS.quantization,
  );
}

/** Wraps a usearch index (new or loaded) whose content has `fingerprint`. */
export function wrapNativeIndex(
  native: NativeIndex,
  fingerprint: ContentFingerprint,
  quantization: Quantization,
): VectorIndex {
  const dimensions = native.dimensions();
  return {
    dimensions,
    add: (keys, vectors) => addVectors(native, keys, vectors, fingerprint),
    search(query, k, filter) {
      if (query.length !== dimensions)
        throw new VectorIndexError(
          VectorIndexErrorCode.INVALID_ARGUMENT,
          `query has ${query.length} dimensions, not ${dimensions}`,
        );
      if (!Number.isInteger(k) || k < 1)
        throw new VectorIndexError(
          VectorIndexErrorCode.INVALID_ARGUMENT,
          `k must be a positive integer, got ${k}`,
        );
      const size = native.size();
      if (size === 0) return [];
      if (filter === undefined) return searchNative(native, query, Math.min(k, size));
      for (let fetch = Math.min(size, Math.max(4 * k, 32)); ; fetch = Math.min(size, fetch * 4)) {
        const hits = searchNative(native, query, fetch).filter((hit) => filter(hit.key));
        if (hits.length >= k || fetch >= size) return hits.slice(0, k);
      }
    },
    size: () => native.size(),
    fingerprint: () => fingerprint.value(),
    async save(path) {
      const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
      try {
        native.save(temporary);
        const file = await hashFile(temporary);
        await rename(temporary, path);
        await writeManifest(path, {
          dimensions,
          metric: "ip",
          count: native.size(),
          fingerprint: fingerprint.value(),
          fingerprintState: fingerprint.state(),
          file,
          connectivity: native.connectivity(),
          quantization,
          usearchVersion: USEARCH_VERSION,
          savedAt: new Date().toISOString(),
        });
      } catch (error) {
        await rm(temporary, { force: true });
        throw new VectorIndexError(VectorIndexErrorCode.INTERNAL, `saving the index to ${path} failed`, {
          cause: error,
        });
      }
    },
  };
}
