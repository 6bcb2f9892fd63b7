/** Approximate nearest-neighbour search over unit vectors (usearch HNSW), with manifests and exact search. */
export { exactSearch, type SearchHit } from "./exact-search.js";
export { vectorFingerprint } from "./fingerprint.js";
export { type LoadVectorIndexOptions, loadVectorIndex } from "./load-vector-index.js";
export { manifestPath, readVectorIndexManifest, type VectorIndexManifest } from "./manifest.js";
export {
  createVectorIndex,
  DEFAULT_INDEX_SETTINGS,
  type Quantization,
  type VectorIndex,
  type VectorIndexOptions,
} from "./vector-index.js";
export { VectorIndexError, VectorIndexErrorCode } from "./vector-index-error.js";
