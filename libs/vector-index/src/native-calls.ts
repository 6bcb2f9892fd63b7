import type { SearchHit } from "./exact-search.js";
import type { ContentFingerprint } from "./fingerprint.js";
import type { NativeIndex } from "./usearch-binding.js";
import { VectorIndexError, VectorIndexErrorCode } from "./vector-index-error.js";

/** How far a vector's norm may be from 1 (the inner product is a cosine only for unit vectors). */
const NORM_TOLERANCE = 1e-3;

function invalid(message: string): VectorIndexError {
  return new VectorIndexError(VectorIndexErrorCode.INVALID_ARGUMENT, message);
}

function toKey(key: bigint | number): bigint {
  if (
    typeof key === "number"
      ? !Number.isSafeInteger(key) || key < 0
      : key < 0n || key > BigInt(Number.MAX_SAFE_INTEGER)
  )
    throw invalid(`key ${key} is not a non-negative safe integer`);
  return BigInt(key);
}

/** Checks keys and vectors, then adds them with all cores and records them in `fingerprint`. */
export function addVectors(
  native: NativeIndex,
  keys: readonly (bigint | number)[],
  vectors: readonly Float32Array[],
  fingerprint: ContentFingerprint,
): void {
  if (keys.length !== vectors.length) throw invalid(`${keys.length} keys for ${vectors.length} vectors`);
  if (keys.length === 0) return;
  const d = native.dimensions();
  const bigKeys = BigUint64Array.from(keys, toKey);
  if (new Set(bigKeys).size !== bigKeys.length) throw invalid("duplicate keys in one add");
  const present = native.size() === 0 ? [] : (native.contains(bigKeys) as boolean[]);
  const taken = present.findIndex(Boolean);
  if (taken >= 0) throw invalid(`key ${bigKeys[taken]} is already in the index`);
  vectors.forEach((v, i) => {
    if (v.length !== d) throw invalid(`vector ${i} has ${v.length} dimensions, not ${d}`);
    let norm = 0;
    for (let j = 0; j < d; j++) norm += v[j]! * v[j]!;
    if (!(Math.abs(Math.sqrt(norm) - 1) <= NORM_TOLERANCE)) throw invalid(`vector ${i} is not unit length`);
  });
  // One native call for the whole batch: usearch's binding parallelises only within a call, and
  // 4096-vector calls measured 2.4× slower (wall) on 63k vectors. The copy is transient.
  const flat = new Float32Array(keys.length * d);
  vectors.forEach((v, i) => {
    flat.set(v, i * d);
  });
  try {
    native.add(bigKeys, flat, 0);
  } catch (error) {
    throw new VectorIndexError(VectorIndexErrorCode.INTERNAL, "usearch add failed", { cause: error });
  }
  keys.forEach((_, i) => {
    fingerprint.add(bigKeys[i]!, vectors[i]!);
  });
}

/** One native single-query search: hits best first, score = inner product (usearch's `ip` distance is 1 − ip). */
export function searchNative(native: NativeIndex, query: Float32Array, k: number): SearchHit[] {
  const matches = native.search(query, k, 1);
  const hits: SearchHit[] = [];
  for (let i = 0; i < matches.keys.length; i++)
    hits.push({ key: Number(matches.keys[i]!), score: 1 - matches.distances[i]! });
  return hits;
}
