/** Embedders for code units: 1024-d, L2-normalised vectors from a local hashed model or an OpenAI-compatible API. */
export {
  buildCorpusStats,
  type CorpusStats,
  type CorpusStatsBuilder,
  createCorpusStatsBuilder,
} from "./corpus-stats.js";
export { deserializeCorpusStats, serializeCorpusStats } from "./corpus-stats-bytes.js";
export { EmbedError, EmbedErrorCode } from "./embed-error.js";
export { EMBEDDING_DIMENSIONS, type Embedder, l2Normalize } from "./embedder.js";
export {
  createLocalCodeEmbedder,
  type LocalCodeEmbedder,
  type LocalCodeEmbedderOptions,
} from "./local-embedder.js";
export { createOpenAiEmbedder, type OpenAiEmbedderOptions } from "./openai-embedder.js";
export { splitIdentifier } from "./split-identifier.js";
