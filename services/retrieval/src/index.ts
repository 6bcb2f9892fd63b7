/** The retrieval service: code-unit embeddings stored once per content hash, a vector index per repository, search and seed candidates. */
export {
  type EmbedderConfig,
  loadRetrievalConfig,
  type RetrievalConfig,
  RetrievalConfigError,
} from "./config.js";
export { RetrievalError, RetrievalErrorCode } from "./errors.js";
export type { IndexSnapshotResult } from "./index-snapshot.js";
export { makeEmbedder } from "./make-embedder.js";
export type {
  RetrievabilityOutcome,
  RetrievabilityReport,
  SeedRetrievability,
} from "./retrievability.js";
export {
  type Applicability,
  createRetrievalCore,
  type RetrievalCore,
  type RetrievalCoreOptions,
  type RetrievalHit,
  type SearchOptions,
  type SearchQuery,
} from "./retrieval-core.js";
export { retrievalGrpcImpl } from "./retrieval-grpc.js";
export { type RunningRetrievalService, startRetrievalService } from "./retrieval-service.js";
export type { RetrievalStats } from "./retrieval-stats.js";
export type { SearchFilter } from "./search-filter.js";
export type { TraceForApplicability } from "./seed-query.js";
export type { IndexSettings } from "./space-index.js";
export { formatUnitId, parseUnitId, type UnitAddress } from "./unit-id.js";
